"""Independent reference values for apps/server/test/stats/*.test.ts.

Run:  python3 apps/server/test/stats/reference/compute_reference.py
(checked with Python 3.11, SciPy 1.17.1, NumPy 2.4.6, mpmath 1.3.0).

Nothing here shares code with the TypeScript engine: distributions come from SciPy (Cephes /
Boost) or from mpmath at 50 digits where SciPy itself is inaccurate (extreme degrees of freedom);
statistics are recomputed from raw per-respondent arrays or from the textbook formulas written
out independently. The tests hard-code the printed values and say which line they come from.
"""
import json

import mpmath as mp
import numpy as np
from scipy import stats

mp.mp.dps = 50
out = {}

# --- distributions -----------------------------------------------------------------------
out["normal_cdf"] = {str(z): float(stats.norm.cdf(z)) for z in [-37.5, -10, -5, -1.96, -1, 0.5, 1.644853626951472, 3, 8.2]}
out["normal_quantile"] = {str(p): float(stats.norm.ppf(p)) for p in [1e-300, 1e-20, 1e-6, 0.001, 0.02, 0.025, 0.3, 0.5000001, 0.9, 0.975, 0.995, 1 - 1e-12]}

def t_cdf_mp(t, df):
    t = mp.mpf(t); df = mp.mpf(df)
    x = df / (df + t * t)
    tail = mp.betainc(df / 2, mp.mpf(1) / 2, 0, x, regularized=True) / 2
    return tail if t < 0 else 1 - tail

t_cdf = {}
for df in [0.3, 1, 2.5, 7.3, 30, 4105.07, 1e6]:
    for t in [-40, -6, -2.1, -0.4, 1e-7, 1.3, 3.5]:
        t_cdf[f"{t}|{df}"] = float(stats.t.cdf(t, df))
# very large df: SciPy and mpmath agree here; mpmath is the reference
for df in [1e7, 3e8, 1e10, 1e12, 1e15]:
    for t in [-37, -20, -10, -3, -1.5, 0.7, 2.5]:
        t_cdf[f"{t}|{df}"] = float(t_cdf_mp(t, df))
out["t_cdf"] = t_cdf

t_q = {}
for df in [0.3, 1.5, 2.5, 4105.07046, 3.7, 10, 29, 1e5]:
    for p in [1e-10, 0.001, 0.025, 0.2, 0.4999, 0.6, 0.9, 0.975, 0.995]:
        t_q[f"{p}|{df}"] = float(stats.t.ppf(p, df))
for df in [1e9, 1e12]:
    for p in [0.001, 0.025, 0.975]:
        t_q[f"{p}|{df}"] = float(mp.findroot(lambda t: t_cdf_mp(t, df) - p, stats.norm.ppf(p)))
# tiny df: SciPy's ppf is wrong here (returns 1.5e153); mpmath root in log t
df = mp.mpf("0.05")
u = mp.findroot(lambda u: mp.log(mp.betainc(df / 2, mp.mpf(1) / 2, 0, df / (df + mp.e ** (2 * u)), regularized=True) / 2) - mp.log(mp.mpf("1e-12")), 536)
t_q["1e-12|0.05"] = -float(mp.e ** u)
out["t_quantile"] = t_q

out["chi2_sf"] = {f"{x}|{k}": float(stats.chi2.sf(x, k)) for k in [1, 2, 3, 5, 19] for x in [0.01, 0.5, 3.84, 10.83, 24.2379, 60, 300]}

# --- proportions -------------------------------------------------------------------------
def wilson(x, n, conf=0.95):
    z = stats.norm.ppf(1 - (1 - conf) / 2)
    p = x / n
    centre = (x + z * z / 2) / (n + z * z)
    half = z * np.sqrt(n) / (n + z * z) * np.sqrt(p * (1 - p) + z * z / (4 * n))
    return [max(0.0, centre - half), min(1.0, centre + half)]

out["wilson"] = {f"{x}/{n}@{c}": wilson(x, n, c) for (x, n) in [(81, 263), (15, 148), (0, 20), (1, 29), (29, 29), (7, 50), (412, 1000)] for c in [0.95, 0.99, 0.9]}

def compare_props(xc, nc, xt, nt, conf=0.95):
    """Raw 0/1 arrays; unpooled Wald interval; pooled z-test; delta-method relative."""
    c = np.r_[np.ones(xc), np.zeros(nc - xc)]
    t = np.r_[np.ones(xt), np.zeros(nt - xt)]
    z = stats.norm.ppf(1 - (1 - conf) / 2)
    pc, pt = c.mean(), t.mean()
    vc, vt = c.var(ddof=0) / nc, t.var(ddof=0) / nt
    d = pt - pc
    se = np.sqrt(vc + vt)
    pool = np.r_[c, t].mean()
    zstat = d / np.sqrt(pool * (1 - pool) * (1 / nc + 1 / nt))
    # p-value cross-checked with the chi-square test of the 2x2 table (no continuity correction): z^2 = chi2
    chi2, p_chi, _, _ = stats.chi2_contingency([[xt, nt - xt], [xc, nc - xc]], correction=False)
    assert abs(zstat ** 2 - chi2) < 1e-9 * max(1, chi2)
    rel = pt / pc - 1
    rel_se = np.sqrt(vt / pc ** 2 + pt ** 2 * vc / pc ** 4)
    return {
        "diff": d, "ci": [d - z * se, d + z * se], "z": zstat, "p": float(p_chi),
        "rel": rel, "rel_se": rel_se, "rel_ci": [rel - z * rel_se, rel + z * rel_se],
        "rel_p": float(2 * stats.norm.sf(abs(rel / rel_se))),
    }

out["compare_props"] = {f"{xc}/{nc} vs {xt}/{nt}": compare_props(xc, nc, xt, nt) for (xc, nc, xt, nt) in [(48, 80, 56, 70), (3, 10, 9, 10), (120, 1000, 151, 1000), (5, 400, 2, 380)]}

def newcombe(xc, nc, xt, nt):
    lc, uc = wilson(xc, nc); lt, ut = wilson(xt, nt)
    pc, pt = xc / nc, xt / nt
    d = pt - pc
    return [d - np.sqrt((pt - lt) ** 2 + (uc - pc) ** 2), d + np.sqrt((ut - pt) ** 2 + (pc - lc) ** 2)]

out["newcombe"] = {f"{xc}/{nc} vs {xt}/{nt}": newcombe(xc, nc, xt, nt) for (xc, nc, xt, nt) in [(48, 80, 56, 70), (3, 10, 9, 10), (2, 7, 6, 7), (0, 29, 5, 56), (0, 20, 0, 10)]}

# --- means -------------------------------------------------------------------------------
rosetta = {
    "1": ([27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4],
          [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]),
    "4": ([30.02, 29.99, 30.11, 29.97, 30.01, 29.99], [29.89, 29.93, 29.72, 29.98, 30.02, 29.98]),
    "5": ([3.0, 4.0, 1.0, 2.1], [490.2, 340.0, 433.9]),
}
welch = {}
for key, (x, y) in rosetta.items():
    # "control" = y, "treatment" = x, so the difference is mean(x) - mean(y) as in R's t.test(x, y)
    r = stats.ttest_ind(x, y, equal_var=False)
    ci = r.confidence_interval(0.95)
    welch[key] = {"t": float(r.statistic), "df": float(r.df), "p": float(r.pvalue), "ci": [float(ci.low), float(ci.high)]}
out["welch"] = welch

def one_sample_t(x, conf):
    x = np.asarray(x, float)
    lo, hi = stats.t.interval(conf, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    return {"mean": x.mean(), "var": x.var(ddof=1), "ci": [lo, hi]}

stars = np.repeat([1, 2, 3, 4, 5], [4, 6, 15, 40, 35])  # 100 five-star ratings
out["one_sample"] = {"stars@0.95": one_sample_t(stars, 0.95), "stars@0.9": one_sample_t(stars, 0.9),
                     "rosetta1x@0.95": one_sample_t(rosetta["1"][0], 0.95)}

# --- NPS ---------------------------------------------------------------------------------
def nps(prom, pas, det, conf=0.95):
    """Per-respondent scores +100 / 0 / -100; SE = population sd / sqrt(n) (the multinomial variance)."""
    s = np.r_[np.full(prom, 100.0), np.zeros(pas), np.full(det, -100.0)]
    n = len(s)
    se = s.std(ddof=0) / np.sqrt(n)
    z = stats.norm.ppf(1 - (1 - conf) / 2)
    return {"score": s.mean(), "se": se, "ci": [max(-100, s.mean() - z * se), min(100, s.mean() + z * se)]}

out["nps"] = {f"{a},{b},{c}": nps(a, b, c) for (a, b, c) in [(50, 30, 20), (60, 25, 15), (312, 401, 287), (3, 0, 0), (9, 1, 0)]}

def nps_diff(c, t):
    a, b = nps(*c), nps(*t)
    d = b["score"] - a["score"]
    se = np.sqrt(a["se"] ** 2 + b["se"] ** 2)
    z = d / se
    q = stats.norm.ppf(0.975)
    return {"diff": d, "se": se, "z": z, "p": float(2 * stats.norm.sf(abs(z))), "ci": [d - q * se, d + q * se]}

out["nps_diff"] = {"50,30,20 vs 60,25,15": nps_diff((50, 30, 20), (60, 25, 15)), "312,401,287 vs 352,398,250": nps_diff((312, 401, 287), (352, 398, 250))}

# --- sample-ratio mismatch -----------------------------------------------------------------
srm = {}
for obs, w in [([5000, 5200], None), ([821, 1000, 1012], None), ([10120, 9880], None), ([3000, 1100], [3, 1]), ([498, 1030, 472], [1, 2, 1]), ([50123, 49877, 50400], None)]:
    tot = sum(obs)
    exp = None if w is None else [tot * wi / sum(w) for wi in w]
    r = stats.chisquare(obs, f_exp=exp)
    srm[json.dumps([obs, w])] = {"chi2": float(r.statistic), "p": float(r.pvalue)}
out["srm"] = srm

print(json.dumps(out, indent=1, default=float))

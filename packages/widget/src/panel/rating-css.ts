/**
 * The styles the panel and a prompt share (added to the shadow root by whichever comes first; a
 * second copy changes nothing): the theme's custom properties (`--a` accent, `--b` background,
 * `--t` text, `--r` radius, `--f` font, `--m` muted text, `--o` text on the accent; all set on
 * `:host`, so nothing of the page's can leak in), the rating group (`.g`, `.c`), the comment box,
 * the close button (`.z`), the submit button and the status line. No Preact here: the prompt
 * renders the same markup without it.
 */
export const RATING_CSS = `:host{--a:var(--feedloop-accent,#4f46e5);--b:var(--feedloop-background,#fff);--t:var(--feedloop-text,#1f2328);--r:var(--feedloop-radius,10px);--f:var(--feedloop-font,system-ui,sans-serif);--m:color-mix(in srgb,var(--t) 78%,var(--b));--o:#fff}:host([data-mode=dark]){--b:var(--feedloop-background,#1e1f24);--t:var(--feedloop-text,#eceef2);--a:var(--feedloop-accent,#8b87ff);--o:#111}@media(prefers-color-scheme:dark){:host([data-mode=auto]){--b:var(--feedloop-background,#1e1f24);--t:var(--feedloop-text,#eceef2);--a:var(--feedloop-accent,#8b87ff);--o:#111}}*{box-sizing:border-box}fieldset{margin:0 0 12px;padding:0;border:0;min-width:0}legend,.l{display:block;margin-bottom:6px;padding:0;font-weight:600}.g{display:flex;flex-wrap:wrap;gap:6px}.c{position:relative;display:flex;align-items:center;justify-content:center;min-width:40px;min-height:40px;padding:4px 10px;border:1px solid color-mix(in srgb,var(--t) 25%,#0000);border-radius:calc(var(--r) - 2px);cursor:pointer;font-size:20px}.c input{position:absolute;opacity:0;inset:0;margin:0;cursor:pointer}.c:has(:checked){border-color:var(--a);background:color-mix(in srgb,var(--a) 18%,#0000)}.c:has(:focus-visible),:focus-visible{outline:3px solid var(--a);outline-offset:2px}textarea,[type=email]{display:block;width:100%;margin:0 0 12px;padding:8px;border:1px solid color-mix(in srgb,var(--t) 30%,#0000);border-radius:calc(var(--r) - 4px);background:#0000;color:inherit;font:inherit}textarea{min-height:84px;resize:vertical}.z{padding:4px 8px;border:0;background:none;color:inherit;font-size:20px;line-height:1;cursor:pointer}[type=submit]{width:100%;padding:10px;border:0;border-radius:calc(var(--r) - 2px);background:var(--a);color:var(--o);font:600 14px var(--f);cursor:pointer}:disabled{opacity:.6}[role=status]{margin:0 0 10px}[role=status]:empty{display:none}`;

/**
 * NPS (`.n`) buttons, stars (`.s`: the chosen one and those before it are filled, by CSS alone)
 * and the NPS ends' labels (`.x`).
 */
export const SCALES_CSS = `.n .c{min-width:30px;padding:4px;font-size:14px}.s .c{color:var(--m)}.s .c:is(:has(:checked),:has(~.c :checked)){color:#e3a008}.x{display:flex;justify-content:space-between;color:var(--m);font-size:12px;margin-top:4px}`;

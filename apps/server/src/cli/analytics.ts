import { Option, type Command } from 'commander';
import type {
  ExperimentResponse,
  FeatureDetailResponse,
  FeaturesResponse,
  MetricComparison,
  ScaleStatistics,
} from '@feedloop/protocol';
import { projectCredential } from './credentials.js';
import { freshAfter, freshOption, noteLag, type FreshOption } from './freshness.js';
import { callApi, type Target } from './http.js';
import { fixed, percent, pValue, table, withCi } from './table.js';

interface Common extends FreshOption {
  key?: string;
  json?: boolean;
  from?: string;
  to?: string;
}

/**
 * Options every analyst command takes: the credential, the time range, JSON output. Without
 * --key: FEEDLOOP_TOKEN, FEEDLOOP_SECRET_KEY, then the stored `feedloop login` (cli/credentials.ts).
 */
export function analystOptions(command: Command): Command {
  return command
    .addOption(new Option('--key <token>', "an API token (flt_…) or the project's secret key (sk_…); default: FEEDLOOP_TOKEN, FEEDLOOP_SECRET_KEY, then `feedloop login`"))
    .option('--from <date>', 'start of the range (ISO date or date-time, UTC)')
    .option('--to <date>', 'end of the range (exclusive)')
    .option('--json', 'print the API answer as JSON');
}

export function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

function ratingsLine(s: ScaleStatistics): string {
  const parts: string[] = [];
  if (s.thumbs) parts.push(`thumbs up ${withCi(s.thumbs.rate, s.thumbs.ci, percent)} (n=${s.thumbs.count})`);
  if (s.stars) parts.push(`stars ${withCi(s.stars.mean, s.stars.ci)} (n=${s.stars.count})`);
  if (s.emoji) parts.push(`emoji ${withCi(s.emoji.mean, s.emoji.ci)} (n=${s.emoji.count})`);
  if (s.nps) parts.push(`NPS ${withCi(s.nps.score, s.nps.ci, (x) => fixed(x, 1))} (n=${s.nps.count})`);
  return parts.join('; ') || 'no ratings';
}

/**
 * An aggregate read: fresh unless --no-fresh (see cli/freshness.ts), with a note on stderr when
 * the answer still lags.
 */
export async function readAggregate<T extends { asOf: string }>(target: Target, path: string, params: Record<string, string | number | undefined>, o: FreshOption): Promise<T> {
  const askedAt = Date.now();
  const body = await callApi<T>(target, `${path}${query({ ...params, freshAfter: freshAfter(o) })}`);
  noteLag(body.asOf, askedAt);
  return body;
}

export function registerAnalyticsCommands(program: Command): void {
  const credential = (o: Common) => projectCredential(program, o);

  freshOption(analystOptions(program.command('features').description('feedback per feature: counts and ratings'))).action(async (o: Common) => {
    const body = await readAggregate<FeaturesResponse>(await credential(o), 'v1/features', { from: o.from, to: o.to }, o);
    if (o.json) return console.log(JSON.stringify(body, null, 2));
    if (body.features.length === 0) return console.log('No feedback in this range.');
    console.log(
      table(
        ['feature', 'feedback', 'comments', 'thumbs up', 'stars', 'emoji', 'NPS', 'last feedback'],
        body.features.map((f) => [
          f.feature,
          f.count,
          f.comments,
          percent(f.ratings.thumbs?.positiveRate),
          fixed(f.ratings.stars?.mean),
          fixed(f.ratings.emoji?.mean),
          fixed(f.ratings.nps?.score, 0),
          f.lastAt.slice(0, 16).replace('T', ' '),
        ]),
      ),
    );
  });

  freshOption(analystOptions(program.command('feature').description("one feature: summary, series, distribution, latest comments").argument('<name>')))
    .option('--interval <day|week>', 'series interval', 'day')
    .action(async (name: string, o: Common & { interval: string }) => {
      const params = { from: o.from, to: o.to, interval: o.interval };
      const f = await readAggregate<FeatureDetailResponse>(await credential(o), `v1/features/${encodeURIComponent(name)}`, params, o);
      if (o.json) return console.log(JSON.stringify(f, null, 2));
      console.log(`${f.feature}: ${f.count} feedback, ${f.comments} with a comment${f.lastAt ? `, latest ${f.lastAt}` : ''}`);
      console.log(`  ${ratingsLine(f.statistics)}   (95 % intervals in brackets)`);
      const categories = Object.entries(f.categories).filter(([, n]) => n > 0);
      if (categories.length) console.log(`  categories: ${categories.map(([c, n]) => `${c} ${n}`).join(', ')}`);
      for (const [scale, values] of Object.entries(f.distribution)) {
        console.log(`  ${scale}: ${Object.entries(values).map(([v, n]) => `${v}→${n}`).join('  ')}`);
      }
      console.log('');
      console.log(
        table(
          [f.interval === 'week' ? 'week of' : 'day', 'feedback', 'comments', 'ratings'],
          f.series.map((p) => [p.start, p.count, p.comments, p.count ? ratingsLine(p.ratings) : '']),
        ),
      );
      if (f.latestComments.length) {
        console.log('\nLatest comments:');
        for (const c of f.latestComments) {
          const rating = c.rating ? ` [${c.rating.scale} ${c.rating.value}]` : '';
          console.log(`  ${c.occurredAt.slice(0, 16).replace('T', ' ')}${rating} ${c.comment.replace(/\s+/g, ' ').slice(0, 200)}`);
        }
      }
    });

  freshOption(analystOptions(program.command('experiment').description('one experiment: variants, comparisons with the control, verdicts').argument('<name>')))
    .option('--feature <feature>', 'only feedback on this feature')
    .option('--control <variant>', 'control variant (default: "control", else the first by name)')
    .option('--min-count <n>', 'minimum observations per arm for a verdict', '30')
    .action(async (name: string, o: Common & { feature?: string; control?: string; minCount: string }) => {
      const params = { from: o.from, to: o.to, feature: o.feature, control: o.control, minCount: o.minCount };
      const e = await readAggregate<ExperimentResponse>(await credential(o), `v1/experiments/${encodeURIComponent(name)}`, params, o);
      if (o.json) return console.log(JSON.stringify(e, null, 2));
      console.log(`Experiment ${e.experiment}${e.feature ? `, feature ${e.feature}` : ''}; control: ${e.control}\n`);
      console.log(
        table(
          ['variant', 'exposed users', 'gave feedback', 'feedback rate [95% CI]', 'ratings'],
          e.variants.map((v) => [v.variant, v.exposedUsers, v.feedbackUsers, withCi(v.feedbackRate.rate, v.feedbackRate.ci, percent), ratingsLine(v.ratings)]),
        ),
      );
      const srm = e.srm;
      console.log(
        `\nSample ratio: ${srm.flagged ? 'MISMATCH' : 'ok'} (χ² ${fixed(srm.chiSquare)}, p ${pValue(srm.pValue) ?? '–'}; ${srm.variants
          .map((v, i) => `${v} ${srm.observed[i]} vs ${fixed(srm.expected[i], 0)} expected`)
          .join(', ')})`,
      );
      const rows: (string | number | null)[][] = [];
      for (const c of e.comparisons) for (const m of c.metrics) rows.push(comparisonRow(c.variant, m));
      if (rows.length) {
        console.log('\n' + table(['variant', 'metric', 'control', 'variant', 'difference [95% CI]', 'relative', 'p', 'p (Holm)', 'verdict'], rows));
        console.log('');
        for (const c of e.comparisons) for (const m of c.metrics) console.log(`  ${c.variant} / ${m.metric}: ${m.explanation}`);
      }
    });
}

function comparisonRow(variant: string, m: MetricComparison): (string | number | null)[] {
  const asPercent = m.test === 'two_proportion_z';
  const f = asPercent ? (x: number | null | undefined) => percent(x) : (x: number | null | undefined) => fixed(x);
  return [
    variant,
    m.metric,
    f(m.control.estimate),
    f(m.treatment.estimate),
    m.absolute ? withCi(m.absolute.estimate, m.absolute.ci, f) : null,
    m.relative ? percent(m.relative.estimate) : null,
    pValue(m.pValue),
    pValue(m.pValueAdjusted),
    m.verdict.replace(/_/g, ' '),
  ];
}

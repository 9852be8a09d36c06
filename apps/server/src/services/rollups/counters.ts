import { sql, type RawBuilder } from 'kysely';
import { CATEGORIES, RATING_SCALES, type Category, type RatingScale } from '@feedloop/protocol';
import { CATEGORY_COLUMNS, RATING_COLUMNS, ratingColumn, ROLLUP_COLUMNS, type RollupColumn } from '../../db/rollup-columns.js';

/** Summed histogram columns of a set of rollup rows. */
export type Counters = Record<RollupColumn, number>;

/** `sum(thumbs_0)::float8 as thumbs_0, …`: every histogram column summed (float8: one JS number on both drivers). */
export function sumHistogram(prefix = ''): RawBuilder<unknown> {
  return sql.join(ROLLUP_COLUMNS.map((c) => sql`coalesce(sum(${sql.ref(prefix + c)}), 0)::float8 as ${sql.ref(c)}`));
}

/**
 * The same columns counted from raw feedback rows aliased `alias` (queries that cannot read
 * rollups: prompted feedback has no rollup of its own): `count(*) filter (…)::float8 as thumbs_0, …`.
 */
export function countHistogram(alias: string): RawBuilder<unknown> {
  const f = (column: string) => sql.ref(`${alias}.${column}`);
  return sql.join([
    ...RATING_COLUMNS.map(
      (c) => sql`count(*) filter (where ${f('rating_scale')} = ${sql.lit(c.scale)} and ${f('rating_value')} = ${sql.lit(c.value)})::float8 as ${sql.ref(c.column)}`,
    ),
    ...CATEGORY_COLUMNS.map((c) => sql`count(*) filter (where ${f('category')} = ${sql.lit(c.category)})::float8 as ${sql.ref(c.column)}`),
  ]);
}

/** Counters of a query row (missing columns are 0). */
export function countersOf(row: Record<string, unknown>): Counters {
  const counters = {} as Counters;
  for (const c of ROLLUP_COLUMNS) counters[c] = Number(row[c] ?? 0);
  return counters;
}

export function emptyCounters(): Counters {
  return countersOf({});
}

export function addCounters(into: Counters, other: Counters): Counters {
  for (const c of ROLLUP_COLUMNS) into[c] += other[c];
  return into;
}

/** Count per rating value of one scale, indexed from the scale's minimum: {value: count}. */
export function valueCounts(counters: Counters, scale: RatingScale): Record<number, number> {
  const { min, max } = RATING_SCALES[scale];
  const out: Record<number, number> = {};
  for (let v = min; v <= max; v++) out[v] = counters[ratingColumn(scale, v)];
  return out;
}

export function scaleCount(counters: Counters, scale: RatingScale): number {
  return Object.values(valueCounts(counters, scale)).reduce((s, n) => s + n, 0);
}

/** Per scale used: count per value (string keys, as JSON has them). */
export function distribution(counters: Counters): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const scale of Object.keys(RATING_SCALES) as RatingScale[]) {
    if (scaleCount(counters, scale) > 0) out[scale] = valueCounts(counters, scale);
  }
  return out;
}

export function categoryCounts(counters: Counters): Record<Category, number> {
  return Object.fromEntries(CATEGORIES.map((c) => [c, counters[`category_${c}`]])) as Record<Category, number>;
}

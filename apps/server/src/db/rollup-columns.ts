import { CATEGORIES, RATING_SCALES, type Category, type RatingScale } from '@feedloop/protocol';

/**
 * The per-value counter columns every rollup table carries: one per rating value of each scale
 * (thumbs_0 … nps_10) and one per category. Defined once here; migrations, the write path and
 * the queries all derive their column lists from it.
 */
type Range<N extends number, Acc extends number[] = []> = Acc['length'] extends N
  ? Acc[number] | N
  : Range<N, [...Acc, Acc['length']]>;
type ValuesOf<S extends RatingScale> = Exclude<
  Range<(typeof RATING_SCALES)[S]['max']>,
  Exclude<Range<(typeof RATING_SCALES)[S]['min']>, (typeof RATING_SCALES)[S]['min']>
>;

export type RatingColumn = { [S in RatingScale]: `${S}_${ValuesOf<S>}` }[RatingScale];
export type CategoryColumn = `category_${Category}`;
export type RollupColumn = RatingColumn | CategoryColumn;

export function ratingColumn(scale: RatingScale, value: number): RatingColumn {
  return `${scale}_${value}` as RatingColumn;
}

export function categoryColumn(category: Category): CategoryColumn {
  return `category_${category}`;
}

export const RATING_COLUMNS: readonly { scale: RatingScale; value: number; column: RatingColumn }[] = (
  Object.keys(RATING_SCALES) as RatingScale[]
).flatMap((scale) => {
  const { min, max } = RATING_SCALES[scale];
  return Array.from({ length: max - min + 1 }, (_, i) => ({
    scale,
    value: min + i,
    column: ratingColumn(scale, min + i),
  }));
});

export const CATEGORY_COLUMNS: readonly { category: Category; column: CategoryColumn }[] = CATEGORIES.map(
  (category) => ({ category, column: categoryColumn(category) }),
);

export const ROLLUP_COLUMNS: readonly RollupColumn[] = [
  ...RATING_COLUMNS.map((c) => c.column),
  ...CATEGORY_COLUMNS.map((c) => c.column),
];

/** In feedback_users, the row of "any feature" (not a valid feature name, so it cannot clash). */
export const ANY_FEATURE = '*';

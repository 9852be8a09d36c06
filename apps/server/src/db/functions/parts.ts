/**
 * The aggregator's parts: every raw row belongs to one part, by a hash of its anonymous id, and
 * each part has its own watermark (feedloop_aggregator_parts). Everything keyed by a user (first
 * sightings, the moves of their counts) falls in one part, so passes over different parts, on
 * different connections, never touch the same first-sighting rows; the rollups they share are
 * additive upserts (aggregate.ts). The number of parts is the number of rows of that table, set
 * by a migration: changing it would move rows between parts.
 */
export const partOf = (anonymousId: string, parts: string) => `mod(hashtext(${anonymousId}) & 2147483647, ${parts})`;

/**
 * SQL: whether a raw row has been counted by the aggregator: its number is at most its own part's
 * watermark. `marks` are the parts' watermarks in part order (numbers, inlined).
 */
export const countedSql = (marks: readonly number[], seq: string, anonymousId: string) =>
  `${seq} <= ('{${marks.map((m) => Math.trunc(Number(m))).join(',')}}'::bigint[])[1 + ${partOf(anonymousId, String(marks.length))}]`;

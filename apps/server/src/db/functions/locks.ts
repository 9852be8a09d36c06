/**
 * Advisory lock keys, per schema (services sharing a database in different schemas must not
 * wait on each other): SQL expressions, evaluated where the lock is taken.
 * - INGEST: every flush holds it shared until it commits; the aggregator takes it exclusively
 *   for an instant, which waits for every flush in flight (see aggregate.ts).
 * - AGGREGATOR: held by the one replica whose aggregator runs passes.
 * - RETENTION: held by the one replica purging raw events; an erasure (services/privacy) takes
 *   it too, so that no purge deletes rows under it while it corrects the aggregates.
 * - MAIL: taken (for the transaction) by the mail worker that claims due mail, so one replica
 *   claims at a time.
 */
export const INGEST_LOCK_SQL = `hashtext('feedloop_ingest:' || current_schema())`;
export const AGGREGATOR_LOCK_SQL = `hashtext('feedloop_aggregator:' || current_schema())`;
export const RETENTION_LOCK_SQL = `hashtext('feedloop_retention:' || current_schema())`;
export const MAIL_LOCK_SQL = `hashtext('feedloop_mail:' || current_schema())`;
/**
 * ALERTS: taken (for the transaction) by the alert scheduler's tick: one replica at a time
 * checks the rules, matches keywords and queues digests.
 */
export const ALERTS_LOCK_SQL = `hashtext('feedloop_alerts:' || current_schema())`;

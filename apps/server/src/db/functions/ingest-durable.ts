/**
 * `call feedloop_ingest_durable(feedback, exposures)`: a flush in one round trip. A procedure may
 * commit in the middle (CALL at top level): it writes the flush and commits it without waiting for
 * the disk (the rollup rows it locked are free at once), then runs the barrier in a second
 * transaction, which commits synchronously when the CALL ends, before the answer. The ids really
 * inserted come back as the INOUT parameter: [[project_id, id], ...].
 */
export const ingestDurable = `
create or replace procedure feedloop_ingest_durable(p_feedback json, p_exposures json, inout inserted json default null)
language plpgsql as $fn$
begin
  select coalesce(json_agg(json_build_array(i.project_id, i.id)), '[]'::json) into inserted
  from feedloop_ingest(p_feedback, p_exposures, true) i;
  commit;
  perform feedloop_wal_barrier();
end
$fn$`;

/**
 * `feedloop_wal_barrier()`: a durability barrier. A transaction that writes WAL and commits
 * synchronously flushes the WAL up to its commit record, and so every commit written before it,
 * feedloop_ingest()'s included (the WAL is one sequence). It must write WAL: a commit with nothing
 * logged but an assigned transaction id is treated as asynchronous (RecordTransactionCommit), so
 * it bumps a counter row of its own connection (no contention between connections). Concurrent
 * barriers share their flushes (PostgreSQL's own group commit).
 */
export const walBarrier = `
create or replace function feedloop_wal_barrier() returns void
language plpgsql volatile as $fn$
begin
  perform set_config('synchronous_commit', 'on', true);
  insert into feedloop_wal_barriers as b (backend_pid, barriers) values (pg_backend_pid(), 1)
  on conflict (backend_pid) do update set barriers = b.barriers + 1;
end
$fn$`;

import pg from 'pg';

/** A test's own sessions on the service's PostgreSQL database, to hold, watch and end aggregator passes. */
export interface PassWatch {
  /**
   * Locks the project's feature_daily rows in a transaction left open: a pass that folds feedback
   * into one of them waits there, in the middle (its first sightings written, its rollups, outbox
   * and watermark not yet). Resolves with the number of rows locked.
   */
  holdRollups(projectId: string): Promise<number>;
  /** Ends the hold (rolls its transaction back). */
  release(): Promise<void>;
  /** The backend of an aggregator pass waiting for `blocker` (the hold by default), once one does. */
  passWaitingFor(blocker?: number, timeoutMs?: number): Promise<number>;
  /** Ends a backend as a crash of its client's host would, and waits until it is gone. */
  terminate(pid: number): Promise<void>;
  close(): Promise<void>;
}

async function connect(url: string, schema: string | undefined): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  // A restart of the server ends these sessions: their queries fail, the process must not.
  client.on('error', () => {});
  await client.connect();
  return client;
}

export async function watchPasses(url: string, schema?: string): Promise<PassWatch> {
  const holder = await connect(url, schema);
  // pg_stat_activity is read once per transaction: the watching session is another one.
  const observer = await connect(url, schema);
  const holderPid = (await holder.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  return {
    async holdRollups(projectId) {
      await holder.query('begin');
      const { rowCount } = await holder.query('select 1 from feature_daily where project_id = $1 for update', [projectId]);
      return rowCount ?? 0;
    },
    async release() {
      await holder.query('rollback').catch(() => {});
    },
    async passWaitingFor(blocker = holderPid, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await observer.query<{ pid: number }>(
          `select pid from pg_stat_activity
           where state = 'active' and query like '%feedloop_aggregate(%' and $1 = any(pg_blocking_pids(pid))`,
          [blocker],
        );
        if (rows[0]) return rows[0].pid;
        if (Date.now() > deadline) throw new Error(`no aggregator pass waited for backend ${blocker} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async terminate(pid) {
      await observer.query('select pg_terminate_backend($1)', [pid]);
      const deadline = Date.now() + 10_000;
      while ((await observer.query('select 1 from pg_stat_activity where pid = $1', [pid])).rowCount) {
        if (Date.now() > deadline) throw new Error(`backend ${pid} still there 10 s after pg_terminate_backend`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      await Promise.all([holder.end().catch(() => {}), observer.end().catch(() => {})]);
    },
  };
}

import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { isDay, verifyAggregates } from '../services/rollups/verify.js';
import { table } from './table.js';

/**
 * `feedloop verify-aggregates`: recomputes every rollup from the raw rows and compares. Unlike the
 * other commands it reads the database itself (DATABASE_URL, or the PGlite data in
 * FEEDLOOP_DATA_DIR, which the service must not hold open at the same time).
 */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify-aggregates')
    .description('recompute the rollups from the raw events and report any difference (exit 1 if any)')
    .option('--project <id>', 'only this project id')
    .option(
      '--since <date>',
      'only days from this UTC date (YYYY-MM-DD) on: after retention deleted older raw events, the days whose raw rows are complete',
      (value: string) => {
        if (!isDay(value)) throw new InvalidArgumentError('expected a date YYYY-MM-DD.');
        return value;
      },
    )
    .option('--limit <n>', 'differences shown per table', '20')
    .option('--json', 'print the result as JSON')
    .action(async (o: { project?: string; since?: string; limit: string; json?: boolean }) => {
      const config = loadConfig();
      let ok = false;
      const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, schema: config.dbSchema, poolSize: 2 });
      try {
        await migrateToLatest(database.db, config.dbSchema);
        const started = Date.now();
        const result = await verifyAggregates(database.db, { projectId: o.project, since: o.since, limit: Number(o.limit), deliveryLogDays: config.webhookLogDays });
        if (o.json) {
          console.log(JSON.stringify(o.since ? { since: o.since, ...result } : result, null, 2));
        } else {
          console.log(table(['table', 'rows recomputed'], Object.entries(result.checked)));
          for (const d of result.differences) console.log(`✗ ${d.table} ${d.kind}: ${JSON.stringify(d.row)}`);
          console.log(
            result.ok
              ? `✔ every aggregate${o.since ? ` from ${o.since} on` : ''} matches the raw events (${((Date.now() - started) / 1000).toFixed(1)} s)`
              : `✗ ${result.differences.length} difference(s): "missing" rows are what the raw events give, "unexpected" what is stored`,
          );
        }
        ok = result.ok;
      } finally {
        await database.db.destroy();
      }
      // Explicitly: PGlite's WebAssembly runtime may reset process.exitCode on close.
      process.exit(ok ? 0 : 1);
    });
}

import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { analystOptions, query } from './analytics.js';
import { projectCredential } from './credentials.js';
import { apiError, apiUrl, authorization, unreachable } from './http.js';

interface ExportOptions {
  key?: string;
  from?: string;
  to?: string;
  format: 'csv' | 'ndjson';
  out?: string;
  feature?: string;
  experiment?: string;
  variant?: string;
  category?: string;
  status?: string;
  search?: string;
  limit?: string;
}

/** `feedloop export`: streams GET /v1/feedback?format= to a file or stdout, progress on stderr. */
export function registerExportCommand(program: Command): void {
  analystOptions(program.command('export').description('export raw feedback as CSV or NDJSON (streamed; progress on stderr)'))
    .option('--format <csv|ndjson>', 'file format', 'csv')
    .option('-o, --out <file>', 'write to this file (default: stdout)')
    .option('--feature <feature>')
    .option('--experiment <experiment>')
    .option('--variant <variant>')
    .option('--category <category>')
    .option('--status <status>')
    .option('--search <text>', 'text in the comment')
    .option('--limit <n>', 'at most this many rows')
    .action(async (o: ExportOptions) => {
      if (o.format !== 'csv' && o.format !== 'ndjson') throw new Error('--format must be csv or ndjson');
      const credential = await projectCredential(program, o);
      const params = {
        format: o.format, from: o.from, to: o.to, feature: o.feature, experiment: o.experiment, variant: o.variant,
        category: o.category, status: o.status, q: o.search, limit: o.limit,
      };
      const target = apiUrl(credential.url, `v1/feedback${query(params)}`);
      let response: Response;
      try {
        response = await fetch(target, { headers: authorization(credential) });
      } catch (error) {
        throw unreachable(target, error);
      }
      if (!response.ok || !response.body) throw apiError(response, await response.json().catch(() => ({})), credential);
      const started = Date.now();
      let rows = 0;
      let bytes = 0;
      let lastReport = started;
      const report = (final: boolean) => {
        const seconds = (Date.now() - started) / 1000;
        const dataRows = Math.max(0, rows - (o.format === 'csv' ? 1 : 0));
        process.stderr.write(
          `${final ? '✔ exported' : '  exporting…'} ${dataRows.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(1)} MB, ` +
            `${Math.round(dataRows / Math.max(seconds, 0.001)).toLocaleString('en')} rows/s${final && o.out ? ` → ${o.out}` : ''}\n`,
        );
      };
      // Rows end in \r\n in CSV (a comment's own line breaks are usually bare \n), in \n in NDJSON.
      const lineEnd = o.format === 'csv' ? '\r\n' : '\n';
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          for (let i = chunk.indexOf(lineEnd); i !== -1; i = chunk.indexOf(lineEnd, i + 1)) rows++;
          if (Date.now() - lastReport > 1000) {
            lastReport = Date.now();
            report(false);
          }
          done(null, chunk);
        },
      });
      const sink: NodeJS.WritableStream = o.out ? createWriteStream(o.out) : process.stdout;
      await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), counter, sink);
      report(true);
    });
}

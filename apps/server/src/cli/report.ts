import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { ReportResponse } from '@feedloop/protocol';
import { renderHtml, renderMarkdown } from '../services/report/render.js';
import { analystOptions, readAggregate } from './analytics.js';
import { projectCredential } from './credentials.js';
import { freshOption, type FreshOption } from './freshness.js';

/** `feedloop report --from --to --format md|html [--out file]`: the period report. */
export function registerReportCommand(program: Command): void {
  freshOption(analystOptions(program.command('report').description('period report: what changed, releases, experiments, terms, loop closed')))
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'html']).default('md'))
    .option('--min-count <n>', 'ratings per side below which no verdict is given', '30')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (o: FreshOption & { key?: string; from?: string; to?: string; json?: boolean; format: 'md' | 'html'; minCount: string; out?: string }) => {
      if (!o.from || !o.to) throw new Error('give the period with --from and --to (ISO dates; --to is exclusive)');
      const credential = await projectCredential(program, o);
      const report = await readAggregate<ReportResponse>(credential, 'v1/report', { from: o.from, to: o.to, minCount: o.minCount }, o);
      const text = o.json ? JSON.stringify(report, null, 2) : o.format === 'html' ? renderHtml(report) : renderMarkdown(report);
      if (o.out) await writeFile(o.out, text);
      else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    });
}

#!/usr/bin/env node
import { Command, Option } from 'commander';
import { registerAnalyticsCommands } from './analytics.js';
import { registerExportCommand } from './export.js';
import { registerLoginCommands } from './login.js';
import { registerPrivacyCommands } from './privacy.js';
import { registerProjectCommands } from './project.js';
import { registerReportCommand } from './report.js';
import { registerUserCommands } from './user.js';
import { registerVerifyCommand } from './verify.js';

/** `feedloop`: the operator's and analyst's command line, talking to a Feedloop service over HTTP. */
const program = new Command('feedloop')
  .description('Feedloop command line: manage projects and accounts, and read the analytics of a running Feedloop service.')
  .showHelpAfterError('(run with --help for usage)')
  .addOption(
    new Option('--url <url>', 'base URL of the Feedloop service').env('FEEDLOOP_URL').default(
      `http://localhost:${process.env.PORT || 8787}`,
    ),
  );

registerLoginCommands(program);
registerProjectCommands(program);
registerUserCommands(program);
registerAnalyticsCommands(program);
registerExportCommand(program);
registerReportCommand(program);
registerVerifyCommand(program);
registerPrivacyCommands(program);

program.parseAsync().catch((error: unknown) => {
  console.error(`feedloop: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CreateProjectResponse } from '@feedloop/protocol';
import { callApi } from './http.js';

export function registerProjectCommands(program: Command): void {
  const project = program.command('project').description('manage projects');

  project
    .command('create')
    .description('create a project and print its keys (the secret key is shown only once)')
    .requiredOption('--name <name>', 'project name')
    .option('--origin <origin...>', 'allowed browser origin, e.g. https://app.example.com (repeatable; * for any)', [])
    .option('--admin-token <token>', 'admin token (default: FEEDLOOP_ADMIN_TOKEN, or the local one in FEEDLOOP_DATA_DIR)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { name: string; origin: string[]; adminToken?: string; json?: boolean }) => {
      const { url } = program.opts<{ url: string }>();
      const created = await callApi<CreateProjectResponse>(url, 'v1/projects', {
        method: 'POST',
        token: options.adminToken ?? adminToken(),
        body: { name: options.name, allowedOrigins: options.origin },
      });
      if (options.json) {
        console.log(JSON.stringify(created, null, 2));
        return;
      }
      const base = url.replace(/\/+$/, '');
      console.log(
        [
          `✔ Project "${options.name}" created`,
          `  Project id:      ${created.projectId}`,
          `  Public key:      ${created.publicKey}`,
          `  Secret key:      ${created.secretKey}   ← shown once: store it now`,
          `  Allowed origins: ${options.origin.length ? options.origin.join(', ') : '(none: only server-side senders)'}`,
          '',
          '  Embed:',
          `  <script src="${base}/widget/feedloop.js" data-key="${created.publicKey}" data-endpoint="${base}" async></script>`,
        ].join('\n'),
      );
    });
}

/** FEEDLOOP_ADMIN_TOKEN, or the token a local embedded-database service keeps in its data dir. */
function adminToken(): string | undefined {
  if (process.env.FEEDLOOP_ADMIN_TOKEN) return process.env.FEEDLOOP_ADMIN_TOKEN;
  try {
    return readFileSync(join(process.env.FEEDLOOP_DATA_DIR || '.feedloop', 'admin-token'), 'utf8').trim();
  } catch {
    return undefined;
  }
}

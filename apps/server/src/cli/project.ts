import type { Command } from 'commander';
import type { ApiKeysResponse, CreateKeyResponse, CreateProjectResponse, KeyKind, ProjectInfo } from '@feedloop/protocol';
import { operatorCredential } from './credentials.js';
import { callApi } from './http.js';

export function registerProjectCommands(program: Command): void {
  const project = program.command('project').description('manage projects');

  project
    .command('create')
    .description('create a project and print its keys (the secret key is shown only once)')
    .requiredOption('--name <name>', 'project name')
    .option('--origin <origin...>', 'allowed browser origin, e.g. https://app.example.com (repeatable; * for any)', [])
    .option('--admin-token <token>', 'operator token (default: FEEDLOOP_ADMIN_TOKEN, a stored operator login, or the local one in FEEDLOOP_DATA_DIR)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { name: string; origin: string[]; adminToken?: string; json?: boolean }) => {
      const credential = await operatorCredential(program, options);
      const created = await callApi<CreateProjectResponse>(credential, 'v1/projects', {
        method: 'POST',
        body: { name: options.name, allowedOrigins: options.origin },
      });
      if (options.json) {
        console.log(JSON.stringify(created, null, 2));
        return;
      }
      const base = credential.url.replace(/\/+$/, '');
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
  registerProjectSettings(program, project);
}

function registerProjectSettings(program: Command, project: Command): void {
  const tokenOption = ['--admin-token <token>', 'operator token (default: FEEDLOOP_ADMIN_TOKEN, a stored operator login, or the local one)'] as const;

  project
    .command('keys <projectId>')
    .description("list a project's keys (secret keys by their first characters only)")
    .option(...tokenOption)
    .option('--json', 'print as JSON')
    .action(async (projectId: string, options: { adminToken?: string; json?: boolean }) => {
      const credential = await operatorCredential(program, options);
      const { keys } = await callApi<ApiKeysResponse>(credential, `v1/projects/${encodeURIComponent(projectId)}/keys`);
      if (options.json) return console.log(JSON.stringify(keys, null, 2));
      for (const k of keys) {
        const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'live';
        console.log(`  ${k.id}  ${k.kind.padEnd(6)}  ${(k.publicKey ?? k.hint).padEnd(36)}  ${state}`);
      }
    });

  project
    .command('rotate-key <projectId>')
    .description('make a new key of a kind and revoke the old ones of that kind (unless --keep-old)')
    .requiredOption('--kind <kind>', 'public or secret')
    .option('--keep-old', 'keep the old keys live (revoke them later with revoke-key)')
    .option(...tokenOption)
    .option('--json', 'print the new key as JSON')
    .action(async (projectId: string, options: { kind: string; keepOld?: boolean; adminToken?: string; json?: boolean }) => {
      if (options.kind !== 'public' && options.kind !== 'secret') throw new Error('--kind must be public or secret');
      const credential = await operatorCredential(program, options);
      const path = `v1/projects/${encodeURIComponent(projectId)}/keys`;
      const { keys } = await callApi<ApiKeysResponse>(credential, path);
      const created = await callApi<CreateKeyResponse>(credential, path, { method: 'POST', body: { kind: options.kind as KeyKind } });
      const old = options.keepOld ? [] : keys.filter((k) => k.kind === options.kind && !k.revokedAt);
      for (const k of old) await callApi(credential, `${path}/${k.id}`, { method: 'DELETE' });
      if (options.json) return console.log(JSON.stringify({ ...created, revoked: old.map((k) => k.id) }, null, 2));
      console.log(`✔ New ${created.kind} key: ${created.key}${created.kind === 'secret' ? '   ← shown once: store it now' : ''}`);
      console.log(old.length ? `  Revoked ${old.length} old ${options.kind} key(s); they stop working within 10 s.` : '  Old keys stay live.');
    });

  project
    .command('revoke-key <projectId> <keyId>')
    .description('revoke one key')
    .option(...tokenOption)
    .action(async (projectId: string, keyId: string, options: { adminToken?: string }) => {
      const credential = await operatorCredential(program, options);
      await callApi(credential, `v1/projects/${encodeURIComponent(projectId)}/keys/${encodeURIComponent(keyId)}`, { method: 'DELETE' });
      console.log(`✔ Key ${keyId} revoked; it stops working within 10 s.`);
    });

  project
    .command('set-origins <projectId> <origins...>')
    .description('replace the browser origins allowed to send events (e.g. https://app.example.com, or *)')
    .option(...tokenOption)
    .action(async (projectId: string, origins: string[], options: { adminToken?: string }) => {
      const credential = await operatorCredential(program, options);
      const info = await callApi<ProjectInfo>(credential, `v1/projects/${encodeURIComponent(projectId)}`, {
        method: 'PATCH',
        body: { allowedOrigins: origins },
      });
      console.log(`✔ ${info.name}: allowed origins ${info.allowedOrigins.join(', ') || '(none)'}`);
    });
}

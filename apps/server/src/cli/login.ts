import type { Command } from 'commander';
import { credentialsPath, deleteStoredLogin, writeStoredLogin, type StoredLogin } from './credentials-file.js';
import { normalizeUrl } from './credentials.js';
import { callApi } from './http.js';
import { readSecret } from './secret-input.js';

/** `feedloop login` / `feedloop logout`: one stored credential, so that no command needs it on its line. */
export function registerLoginCommands(program: Command): void {
  program
    .command('login')
    .summary('store a token for later commands (asked for, never on the command line)')
    .description(
      'store a token for later commands: an API token (flt_…) or secret key of a project, or the operator token. ' +
        'Typed without echo, or piped: `pass show feedloop | feedloop login` (never on the command line, which others can see). ' +
        'The service is the one --url or FEEDLOOP_URL names; the token is sent to that one only.',
    )
    .action(async () => {
      const url = normalizeUrl(program.opts<{ url: string }>().url);
      const token = await readSecret(`Token for ${url}: `);
      if (!token) throw new Error('no token given: nothing stored');
      if (token.startsWith('pk_')) throw new Error('this is a public key, which can only send events: give an API token (flt_…) or the secret key');
      const kind: StoredLogin['kind'] = token.startsWith('flt_') || token.startsWith('sk_') ? 'project' : 'operator';
      // Checked before it is stored: a read any project credential may do, or one only the operator may.
      const check = kind === 'project' ? 'v1/features' : 'v1/users';
      try {
        await callApi({ url, token }, check);
      } catch (error) {
        throw new Error(`the service did not accept this token, nothing stored: ${(error as Error).message}`);
      }
      const path = credentialsPath();
      await writeStoredLogin({ url, token, kind }, path);
      console.log(`✔ Logged in to ${url} with ${kind === 'project' ? 'a project token' : 'the operator token'}; stored in ${path} (mode 0600)`);
    });

  program
    .command('logout')
    .description('delete the stored token (if it may have leaked, revoke it in the dashboard too)')
    .action(async () => {
      const path = credentialsPath();
      console.log((await deleteStoredLogin(path)) ? `✔ Deleted ${path}` : `No stored login (${path})`);
    });
}

import type { Command } from 'commander';
import type { CreateUserResponse, OneTimeLink, UserInfo, UsersResponse } from '@feedloop/protocol';
import { operatorCredential, type Credential } from './credentials.js';
import { callApi } from './http.js';
import { table } from './table.js';

interface OperatorOptions {
  adminToken?: string;
  json?: boolean;
}

/** `feedloop user …`: accounts, for the operator (what an instance admin does on the dashboard's users page). */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage accounts (needs the operator token)');
  const tokenOption = ['--admin-token <token>', 'operator token (default: FEEDLOOP_ADMIN_TOKEN, a stored operator login, or the local one)'] as const;

  user
    .command('create')
    .description('create an account and print a one-time link for the person to choose a password')
    .requiredOption('--email <email>', 'their email address (how they sign in)')
    .option('--name <name>', 'display name (default: the part of the email before @)')
    .option('--admin', 'make them an instance admin (creates projects and users)')
    .option(...tokenOption)
    .option('--json', 'print the result as JSON')
    .action(async (o: OperatorOptions & { email: string; name?: string; admin?: boolean }) => {
      const credential = await operatorCredential(program, o);
      const created = await callApi<CreateUserResponse>(credential, 'v1/users', {
        method: 'POST',
        body: { email: o.email, ...(o.name ? { displayName: o.name } : {}), ...(o.admin ? { instanceAdmin: true } : {}) },
      });
      if (o.json) return console.log(JSON.stringify(created, null, 2));
      console.log(`✔ Account ${created.user.email} created${created.user.instanceAdmin ? ' (instance admin)' : ''}`);
      printLink(created.link, 'to choose a password');
    });

  user
    .command('list')
    .description('every account')
    .option(...tokenOption)
    .option('--json', 'print as JSON')
    .action(async (o: OperatorOptions) => {
      const { users } = await callApi<UsersResponse>(await operatorCredential(program, o), 'v1/users');
      if (o.json) return console.log(JSON.stringify(users, null, 2));
      if (users.length === 0) return console.log('No accounts yet: create one with `feedloop user create --email … --admin`.');
      console.log(
        table(
          ['email', 'name', 'instance admin', 'state', 'last sign-in'],
          users.map((u) => [
            u.email,
            u.displayName,
            u.instanceAdmin ? 'yes' : 'no',
            u.disabled ? 'disabled' : u.hasPassword ? 'active' : 'no password yet',
            u.lastSignInAt?.slice(0, 16).replace('T', ' '),
          ]),
        ),
      );
    });

  for (const [name, disabled] of [['disable', true], ['enable', false]] as const) {
    user
      .command(name)
      .description(disabled ? 'disable an account: it is signed out everywhere at once and cannot sign in' : 'enable a disabled account again')
      .requiredOption('--email <email>', 'the account’s email address')
      .option(...tokenOption)
      .action(async (o: OperatorOptions & { email: string }) => {
        const credential = await operatorCredential(program, o);
        const found = await userByEmail(credential, o.email);
        await callApi<UserInfo>(credential, `v1/users/${found.id}`, { method: 'PATCH', body: { disabled } });
        console.log(disabled ? `✔ ${found.email} disabled and signed out everywhere` : `✔ ${found.email} enabled`);
      });
  }

  user
    .command('reset-password')
    .description('print a one-time link for the person to choose a new password (using it signs them out everywhere)')
    .requiredOption('--email <email>', 'the account’s email address')
    .option(...tokenOption)
    .option('--json', 'print the link as JSON')
    .action(async (o: OperatorOptions & { email: string }) => {
      const credential = await operatorCredential(program, o);
      const found = await userByEmail(credential, o.email);
      const link = await callApi<OneTimeLink>(credential, `v1/users/${found.id}/password-reset`, { method: 'POST' });
      if (o.json) return console.log(JSON.stringify(link, null, 2));
      printLink(link, `for ${found.email} to choose a new password`);
    });
}

async function userByEmail(credential: Credential, email: string): Promise<UserInfo> {
  const { users } = await callApi<UsersResponse>(credential, 'v1/users');
  const wanted = email.trim().toLowerCase();
  const found = users.find((u) => u.email === wanted);
  if (!found) throw new Error(`no account with the email ${wanted} (see \`feedloop user list\`)`);
  return found;
}

function printLink(link: OneTimeLink, purpose: string): void {
  console.log(
    [
      `  One-time link ${purpose} (works once, until ${link.expiresAt}):`,
      `  ${link.url}`,
      '  Give it to the person privately: whoever opens it first sets the password.',
    ].join('\n'),
  );
}

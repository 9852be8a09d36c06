import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { ErasureResponse, PrivacyExport } from '@feedloop/protocol';
import { operatorCredential, projectCredential } from './credentials.js';
import { callApi } from './http.js';

interface SubjectOptions {
  project: string;
  userId?: string;
  anonymousId?: string;
  email?: string;
  key?: string;
  adminToken?: string;
  json?: boolean;
}

/** The identifiers given, as the API names them; at least one. */
function subjectOf(o: SubjectOptions): Record<string, string> {
  const subject: Record<string, string> = {};
  if (o.userId !== undefined) subject.userId = o.userId;
  if (o.anonymousId !== undefined) subject.anonymousId = o.anonymousId;
  if (o.email !== undefined) subject.email = o.email;
  if (Object.keys(subject).length === 0) throw new Error('name the person: --user-id, --anonymous-id or --email (any of them)');
  return subject;
}

function subjectOptions(command: Command): Command {
  return command
    .requiredOption('--project <projectId>', 'the project (its id)')
    .option('--user-id <id>', 'the userId the host page gave the SDK')
    .option('--anonymous-id <id>', 'the anonymous id of a browser')
    .option('--email <email>', 'an email the person typed with their feedback (any case)')
    .addOption(new Option('--key <token>', 'an API token with the admin scope (default: FEEDLOOP_TOKEN, then `feedloop login`)'))
    .option('--admin-token <token>', 'the operator token instead (default: FEEDLOOP_ADMIN_TOKEN)');
}

/** An admin of the project: the operator's token when given, else the project's credential. */
async function credentialFor(program: Command, o: SubjectOptions) {
  return o.adminToken || (!o.key && process.env.FEEDLOOP_ADMIN_TOKEN && !process.env.FEEDLOOP_TOKEN)
    ? operatorCredential(program, o)
    : projectCredential(program, o);
}

/** `feedloop privacy erase | export`: erasure and access requests of one person (docs/privacy.md). */
export function registerPrivacyCommands(program: Command): void {
  const privacy = program.command('privacy').description("answer a person's erasure or access request (admins)");

  subjectOptions(privacy.command('erase'))
    .description('erase every event, first sighting, triage item and webhook payload of one person; the aggregates are corrected')
    .option('--json', 'print the answer as JSON')
    .action(async (o: SubjectOptions) => {
      const subject = subjectOf(o);
      const credential = await credentialFor(program, o);
      process.stderr.write(`  erasing ${Object.keys(subject).join(', ')} in project ${o.project}…\n`);
      const result = await callApi<ErasureResponse>(credential, `v1/projects/${encodeURIComponent(o.project)}/privacy/erasures`, {
        method: 'POST',
        body: subject,
      });
      if (o.json) return console.log(JSON.stringify(result, null, 2));
      const c = result.counts;
      console.log(
        [
          `✔ Erased at ${result.at} (receipt ${result.erasureId})`,
          `  Feedback:           ${c.feedback} (${c.replies} with a public reply, ${c.submitterUpdates} with a submitter update)`,
          `  Exposures:          ${c.exposures}`,
          `  Not yet counted:    ${c.unaggregated} of them (never will be)`,
          `  First sightings:    ${c.firstSightings} deleted, ${c.firstSightingsMoved} moved to a later event of someone else`,
          `  Triage history:     ${c.triageChanges} entries`,
          `  Webhook deliveries: ${c.webhookDeliveries}`,
          `  Alerts:             ${c.alerts} quoting them`,
          '  Events this person sends from now on are kept: ask the host application to stop sending them.',
        ].join('\n'),
      );
    });

  subjectOptions(privacy.command('export'))
    .description('everything stored about one person, as one JSON document (an access request)')
    .option('-o, --out <file>', 'write to this file (default: stdout)')
    .action(async (o: SubjectOptions & { out?: string }) => {
      const subject = subjectOf(o);
      const credential = await credentialFor(program, o);
      const query = new URLSearchParams(subject).toString();
      const document = await callApi<PrivacyExport>(credential, `v1/projects/${encodeURIComponent(o.project)}/privacy/export?${query}`);
      const text = JSON.stringify(document, null, 2) + '\n';
      const summary =
        `✔ ${document.feedback.length} feedback, ${document.exposures.length} exposures, ` +
        `${document.firstSightings.exposures.length + document.firstSightings.feedback.length} first sightings, ` +
        `${document.triageHistory.length} triage changes, ${document.webhookDeliveries.length} webhook deliveries`;
      if (o.out) {
        await writeFile(o.out, text, { mode: 0o600 });
        process.stderr.write(`${summary} → ${o.out}\n`);
      } else {
        process.stdout.write(text);
        process.stderr.write(`${summary}\n`);
      }
      const linked = document.linkedIdentifiers;
      process.stderr.write(
        `  Identifiers found on these events: user ids ${linked.userIds.length}, anonymous ids ${linked.anonymousIds.length}, emails ${linked.emails.length} (see linkedIdentifiers)\n`,
      );
    });
}

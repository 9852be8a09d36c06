import { expect } from 'vitest';
import type { MailDelivery } from '@feedloop/protocol';
import { startTestApp, feedbackEvent, type TestApp, type TestProject } from './app.js';
import type { SmtpReceiver } from './smtp-receiver.js';
import { eventually, storeFeedback } from './webhook-receiver.js';

export const PUBLIC_URL = 'https://feedloop.example';
export const MAIL_FROM = 'Feedloop Team <loop@feedloop.example>';

/** The service with mail on, sending to `smtpUrl`; its worker polls every 20 ms and retries after ~50 ms. */
export async function startMailApp(smtpUrl: string, env: Record<string, string> = {}): Promise<TestApp> {
  const t = await startTestApp({
    FEEDLOOP_SMTP_URL: smtpUrl,
    FEEDLOOP_MAIL_FROM: MAIL_FROM,
    FEEDLOOP_PUBLIC_URL: PUBLIC_URL,
    FEEDLOOP_MAIL_COALESCE_SECONDS: '0',
    FEEDLOOP_SMTP_TIMEOUT_SECONDS: '2',
    ...env,
  });
  tuneWorker(t);
  return t;
}

export function tuneWorker(t: { app: TestApp['app'] }, maxAttempts = 5): void {
  const worker = t.app.mailWorker!;
  Object.assign(worker.settings, { pollMs: 20, backoffMs: 50, maxBackoffMs: 200, maxAttempts });
  worker.wake();
}

/** A feedback item with the submitter's address (and locale); its id. */
export async function submit(t: TestApp, project: TestProject, fields: { email?: string; comment?: string; locale?: string; feature?: string } = {}): Promise<string> {
  const { email = 'submitter@example.com', comment = 'The checkout button does nothing.', locale, feature = 'checkout' } = fields;
  const [row] = await storeFeedback(t.database.db, project.projectId, [
    feedbackEvent({ email, comment, feature, ...(locale ? { context: { locale } } : {}) }),
  ]);
  return row!.id;
}

export async function triageItem(t: TestApp, project: TestProject, id: string, body: Record<string, unknown>): Promise<void> {
  const response = await t.app.inject({
    method: 'PATCH',
    url: `/v1/feedback/${id}`,
    headers: { authorization: `Bearer ${project.adminToken}` },
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(200);
}

export async function mailLog(t: TestApp, project: TestProject): Promise<MailDelivery[]> {
  const response = await t.app.inject({ method: 'GET', url: '/v1/mail/deliveries?limit=200', headers: { authorization: `Bearer ${project.adminToken}` } });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { mails: MailDelivery[] }).mails;
}

/** Waits until `count` mails have reached `address`; those mails. */
export async function mailsTo(receiver: SmtpReceiver, address: string, count = 1, ms = 10_000) {
  return eventually(() => {
    const got = receiver.mails.filter((m) => m.to.includes(address));
    expect(got).toHaveLength(count);
    return got;
  }, ms);
}

/** Waits until the outbox rows of an item are in these states (oldest first). */
export async function outboxOf(t: TestApp, projectId: string, feedbackId: string) {
  return t.database.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('feedback_id', '=', feedbackId)
    .orderBy('created_at')
    .execute();
}

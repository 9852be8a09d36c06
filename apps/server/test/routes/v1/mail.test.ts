import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COMMENT_LENGTH } from '@feedloop/protocol';
import { startTestApp, type TestApp, type TestProject } from '../../support/app.js';
import { MAIL_FROM, PUBLIC_URL, mailLog, mailsTo, outboxOf, startMailApp, submit, triageItem } from '../../support/mail.js';
import { startSmtpReceiver, type SmtpReceiver } from '../../support/smtp-receiver.js';
import { eventually } from '../../support/webhook-receiver.js';
import { XSS_PAYLOADS } from '../../support/xss.js';

let receiver: SmtpReceiver;
let t: TestApp;
let project: TestProject;
const admin = () => ({ authorization: `Bearer ${project.adminToken}` });

beforeAll(async () => {
  receiver = await startSmtpReceiver();
  t = await startMailApp(receiver.url);
  project = await t.project('Mail project');
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

/** The tags an HTML text opens. */
const tagsOf = (html: string) => new Set([...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase()));
const LAYOUT_TAGS = new Set(['html', 'head', 'meta', 'title', 'body', 'p', 'strong', 'blockquote', 'a', 'hr']);

describe('the submitter hears back', () => {
  it('a move to planned: one mail, HTML and text, with the status, the feature, their own words and the unsubscribe headers', async () => {
    const id = await submit(t, project, { email: 'Ada@Example.com', comment: 'Please add dark mode.' });
    await triageItem(t, project, id, { status: 'planned' });
    const [mail] = await mailsTo(receiver, 'ada@example.com');
    const { parsed } = mail!;
    expect(mail!.from).toBe('loop@feedloop.example');
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Feedloop Team', address: 'loop@feedloop.example' });
    expect(parsed.subject).toBe('Your feedback on checkout: Planned');
    expect(parsed.text).toContain('New status: Planned');
    expect(parsed.text).toContain('> Please add dark mode.');
    expect(parsed.html).toContain('<html lang="en" dir="ltr">');
    expect(parsed.html).toContain('<blockquote');
    expect(parsed.html).toContain('Please add dark mode.');
    const header = (name: string) => parsed.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, '');
    const unsubscribe = /^<(.+)>$/.exec(header('list-unsubscribe') ?? '')?.[1];
    expect(unsubscribe).toMatch(new RegExp(`^${PUBLIC_URL}/v1/mail/unsubscribe\\?token=[\\w-]+$`));
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(parsed.text).toContain(unsubscribe);
    const [logged] = await eventually(async () => {
      const log = (await mailLog(t, project)).filter((m) => m.feedbackId === id);
      expect(log[0]?.status).toBe('sent');
      return log;
    });
    expect(logged).toMatchObject({ kind: 'submitter.update', recipient: 'ada@example.com', attempts: 1 });
    expect(logged!.attemptLog).toEqual([expect.objectContaining({ smtpCode: 250, error: null })]);
  });

  it('a public reply: the reply quoted, with the link the project chose', async () => {
    const settings = await t.app.inject({ method: 'PATCH', url: '/v1/mail/settings', headers: admin(), payload: { replyLink: 'https://example.com/roadmap?from=mail&x="y"' } });
    expect(settings.statusCode, settings.body).toBe(200);
    const id = await submit(t, project, { email: 'reply@example.com' });
    await triageItem(t, project, id, { publicReply: 'Fixed in 2.1, thank you!' });
    const [{ parsed }] = (await mailsTo(receiver, 'reply@example.com')) as [(typeof receiver.mails)[number]];
    expect(parsed.subject).toBe('A reply to your feedback on checkout');
    expect(parsed.text).toContain('The team replied:\n\n> Fixed in 2.1, thank you!');
    expect(parsed.text).toContain('Learn more: https://example.com/roadmap?from=mail&x=%22y%22');
    expect(parsed.html).toContain('<a href="https://example.com/roadmap?from=mail&#38;x=%22y%22">Learn more</a>');
    // Statuses the project does not tell, and changes of other fields, send nothing.
    const other = await submit(t, project, { email: 'quiet@example.com' });
    await triageItem(t, project, other, { status: 'acknowledged', tags: ['ui'], issueUrl: 'https://example.com/issues/1' });
    expect(await outboxOf(t, project.projectId, other)).toEqual([]);
  });

  it('in the submitter’s locale: en, de, fr, es, ja, and ar right to left; others in English', async () => {
    const cases = [
      { locale: 'de-DE', lang: 'de', dir: 'ltr', words: 'Neuer Status: Erledigt' },
      { locale: 'fr', lang: 'fr', dir: 'ltr', words: 'Nouveau statut : Terminé' },
      { locale: 'es-MX', lang: 'es', dir: 'ltr', words: 'Nuevo estado: Hecho' },
      { locale: 'ja-JP', lang: 'ja', dir: 'ltr', words: '新しいステータス: 完了' },
      { locale: 'ar-EG', lang: 'ar', dir: 'rtl', words: 'الحالة الجديدة: تم' },
      { locale: 'pt-BR', lang: 'en', dir: 'ltr', words: 'New status: Done' },
    ];
    for (const c of cases) {
      const id = await submit(t, project, { email: `locale-${c.locale.toLowerCase()}@example.com`, locale: c.locale });
      await triageItem(t, project, id, { status: 'done' });
    }
    for (const c of cases) {
      const [{ parsed }] = (await mailsTo(receiver, `locale-${c.locale.toLowerCase()}@example.com`)) as [(typeof receiver.mails)[number]];
      expect(parsed.text, c.locale).toContain(c.words);
      expect(parsed.html, c.locale).toContain(`<html lang="${c.lang}" dir="${c.dir}">`);
    }
  });

  it('escapes every payload of the XSS corpus, in the comment and in the reply; 5,000 characters arrive whole', async () => {
    const comment = XSS_PAYLOADS.join('\n');
    const id = await submit(t, project, { email: 'xss@example.com', comment });
    await triageItem(t, project, id, { status: 'planned', publicReply: XSS_PAYLOADS.join(' ') });
    const [{ parsed }] = (await mailsTo(receiver, 'xss@example.com')) as [(typeof receiver.mails)[number]];
    const html = parsed.html as string;
    // Only the layout's own tags; every link is the project's or the unsubscribe link.
    expect([...tagsOf(html)].filter((tag) => !LAYOUT_TAGS.has(tag))).toEqual([]);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.every((h) => h!.startsWith('https://example.com/roadmap') || h!.startsWith(`${PUBLIC_URL}/v1/mail/unsubscribe?token=`))).toBe(true);
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    for (const payload of XSS_PAYLOADS) {
      expect(parsed.text).toContain(`> ${payload}`);
      if (/[<>"']/.test(payload)) expect(html).not.toContain(payload);
    }

    const long = 'é'.repeat(MAX_COMMENT_LENGTH - 10) + '<end>';
    const big = await submit(t, project, { email: 'long@example.com', comment: long });
    await triageItem(t, project, big, { status: 'planned' });
    const [{ parsed: longMail }] = (await mailsTo(receiver, 'long@example.com')) as [(typeof receiver.mails)[number]];
    expect(longMail.text).toContain(`> ${long}`);
    expect(longMail.html).toContain(`${'é'.repeat(MAX_COMMENT_LENGTH - 10)}&#60;end&#62;`);
  });

  it('CR/LF cannot add headers or recipients: not through text, the project name, or a recipient', async () => {
    const id = await submit(t, project, { email: 'crlf@example.com', comment: 'hi\r\nBcc: evil@example.com\r\n\r\n<b>x</b>' });
    await triageItem(t, project, id, { publicReply: 'ok\r\nBcc: evil@example.com' });
    const evil = await t.project('Evil\r\nBcc: evil@example.com\r\nSubject: pwned');
    const test = await t.app.inject({ method: 'POST', url: '/v1/mail/test', headers: { authorization: `Bearer ${evil.adminToken}` }, payload: { to: 'crlf-test@example.com' } });
    expect(test.statusCode, test.body).toBe(202);
    const injected = await t.app.inject({
      method: 'POST',
      url: '/v1/mail/test',
      headers: { authorization: `Bearer ${evil.adminToken}` },
      payload: { to: 'victim@example.com\r\nBcc: evil@example.com' },
    });
    expect(injected.statusCode).toBe(400);
    expect(injected.json().code).toBe('invalid_body');
    // A recipient in the outbox with a line break (however it got there) is never sent.
    const { enqueueMail } = await import('../../../src/services/mail/outbox.js');
    const bad = await enqueueMail(t.database.db, project.projectId, { kind: 'test', recipient: 'victim@example.com\r\nBcc: evil@example.com', payload: {} });
    const [reply] = await mailsTo(receiver, 'crlf@example.com');
    const [testMail] = await mailsTo(receiver, 'crlf-test@example.com');
    for (const mail of [reply!, testMail!]) {
      expect(mail.to).toHaveLength(1);
      expect(mail.parsed.bcc).toBeUndefined();
      // The header block ends at the first empty line: the text's own "Bcc:" lines are body.
      const headers = mail.raw.split(/\r?\n\r?\n/)[0]!;
      expect(headers).not.toMatch(/^Bcc:/im);
      expect(headers).not.toMatch(/^Subject: pwned/im);
    }
    expect(testMail!.parsed.subject).toBe('Test mail from Feedloop (Evil Bcc: evil@example.com Subject: pwned)');
    await eventually(async () => {
      const row = (await mailLog(t, project)).find((m) => m.id === bad);
      expect(row).toMatchObject({ status: 'cancelled', lastError: 'not a valid address' });
    });
    expect(receiver.mails.some((m) => m.to.some((to) => to.includes('evil') || to.includes('victim')))).toBe(false);
  });

  it('an item that is erased (or loses its address) before its mail goes sends nothing', async () => {
    t.app.mailWorker!.settings.pollMs = 60_000;
    await t.app.mailWorker!.stop();
    const erased = await submit(t, project, { email: 'erased@example.com' });
    const removed = await submit(t, project, { email: 'removed@example.com' });
    await triageItem(t, project, erased, { status: 'planned' });
    await triageItem(t, project, removed, { status: 'planned' });
    expect(await outboxOf(t, project.projectId, erased)).toMatchObject([{ status: 'pending', recipient: 'erased@example.com' }]);
    await t.database.db.deleteFrom('feedback').where('id', '=', erased).execute();
    await t.database.db.updateTable('feedback').set({ email: null }).where('id', '=', removed).execute();
    t.app.mailWorker!.settings.pollMs = 20;
    t.app.mailWorker!.start();
    await eventually(async () => {
      expect(await outboxOf(t, project.projectId, erased)).toMatchObject([{ status: 'cancelled', last_error: 'the feedback item no longer exists' }]);
      expect(await outboxOf(t, project.projectId, removed)).toMatchObject([{ status: 'cancelled', last_error: "the submitter's address was removed" }]);
    });
    expect(receiver.mails.some((m) => m.to.includes('erased@example.com') || m.to.includes('removed@example.com'))).toBe(false);
  });

  it('a privacy erasure of the submitter deletes their pending mail: it is never sent, and no row keeps the address', async () => {
    t.app.mailWorker!.settings.pollMs = 60_000;
    await t.app.mailWorker!.stop();
    const gone = await submit(t, project, { email: 'Forget.Me@example.com' });
    const kept = await submit(t, project, { email: 'kept@example.com' });
    await triageItem(t, project, gone, { status: 'planned' });
    await triageItem(t, project, kept, { status: 'planned' });
    expect(await outboxOf(t, project.projectId, gone)).toMatchObject([{ status: 'pending' }]);
    const erased = await t.app.inject({
      method: 'POST',
      url: `/v1/projects/${project.projectId}/privacy/erasures`,
      headers: admin(),
      payload: { email: 'forget.me@EXAMPLE.com' },
    });
    expect(erased.statusCode).toBe(200);
    expect(erased.json().counts).toMatchObject({ feedback: 1, mails: 1 });
    expect(await outboxOf(t, project.projectId, gone)).toEqual([]);
    t.app.mailWorker!.settings.pollMs = 20;
    t.app.mailWorker!.start();
    // The control mail, queued with it, arrives: the worker ran and had nothing for the erased one.
    await mailsTo(receiver, 'kept@example.com');
    expect(receiver.mails.some((m) => m.to.some((to) => to.toLowerCase().includes('forget.me')))).toBe(false);
    const left = await t.database.db
      .selectFrom('mail_outbox')
      .select('recipient')
      .where('project_id', '=', project.projectId)
      .where('recipient', 'like', '%forget.me%')
      .execute();
    expect(left).toEqual([]);
  });
});

describe('settings', () => {
  it('which statuses are told is the project’s choice; a link must be http(s)', async () => {
    const p = await t.project('Settings project');
    const headers = { authorization: `Bearer ${p.adminToken}` };
    const initial = await t.app.inject({ method: 'GET', url: '/v1/mail/settings', headers });
    expect(initial.json()).toEqual({
      enabled: true,
      reason: null,
      from: MAIL_FROM,
      coalesceSeconds: 0,
      notifyStatuses: ['planned', 'done'],
      replyLink: null,
    });
    for (const replyLink of ['javascript:alert(1)', 'data:text/html,x', 'https://user:pw@example.com/', 'not a url']) {
      const bad = await t.app.inject({ method: 'PATCH', url: '/v1/mail/settings', headers, payload: { replyLink } });
      expect(bad.statusCode, replyLink).toBe(400);
      expect(bad.json().code).toBe('invalid_body');
    }
    const badStatus = await t.app.inject({ method: 'PATCH', url: '/v1/mail/settings', headers, payload: { notifyStatuses: ['shipped'] } });
    expect(badStatus.statusCode).toBe(400);
    const changed = await t.app.inject({ method: 'PATCH', url: '/v1/mail/settings', headers, payload: { notifyStatuses: ['in_progress'], replyLink: null } });
    expect(changed.json()).toMatchObject({ notifyStatuses: ['in_progress'], replyLink: null });
    const planned = await submit(t, p, { email: 'planned@example.com' });
    const progress = await submit(t, p, { email: 'progress@example.com' });
    await triageItem(t, p, planned, { status: 'planned' });
    await triageItem(t, p, progress, { status: 'in_progress' });
    const [mail] = await mailsTo(receiver, 'progress@example.com');
    expect(mail!.parsed.text).toContain('New status: In progress');
    expect(mail!.parsed.text).not.toContain('Learn more');
    expect(await outboxOf(t, p.projectId, planned)).toEqual([]);
  });

  it('a test mail, in the chosen locale, shows in the delivery log', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/v1/mail/test', headers: admin(), payload: { to: 'admin@example.com', locale: 'ja' } });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toMatchObject({ kind: 'test', recipient: 'admin@example.com', locale: 'ja', status: expect.stringMatching(/pending|sending|sent/) });
    const [mail] = await mailsTo(receiver, 'admin@example.com');
    expect(mail!.parsed.subject).toBe('Feedloop のテストメール (Mail project)');
    const noAddress = await t.app.inject({ method: 'POST', url: '/v1/mail/test', headers: admin(), payload: {} });
    expect(noAddress.statusCode).toBe(400);
  });

  it('the delivery log keeps 30 days of finished mail; waiting mail stays', async () => {
    const { enqueueMail, purgeMailLog } = await import('../../../src/services/mail/outbox.js');
    const p = await t.project('Purge project');
    const db = t.database.db;
    const ids = {
      oldSent: await enqueueMail(db, p.projectId, { kind: 'test', recipient: 'a@example.com', payload: {} }),
      oldPending: await enqueueMail(db, p.projectId, { kind: 'test', recipient: 'b@example.com', payload: {}, delayMs: 86_400_000 }),
      newSent: await enqueueMail(db, p.projectId, { kind: 'test', recipient: 'c@example.com', payload: {} }),
    };
    const old = new Date(Date.now() - 31 * 86_400_000);
    await db.updateTable('mail_outbox').set({ status: 'sent', created_at: old }).where('id', '=', ids.oldSent).execute();
    await db.updateTable('mail_outbox').set({ created_at: old }).where('id', '=', ids.oldPending).execute();
    await db.updateTable('mail_outbox').set({ status: 'sent' }).where('id', '=', ids.newSent).execute();
    expect(await purgeMailLog(db)).toBe(1);
    const left = await db.selectFrom('mail_outbox').select('id').where('project_id', '=', p.projectId).execute();
    expect(left.map((r) => r.id).sort()).toEqual([ids.oldPending, ids.newSent].sort());
  });

  it('without FEEDLOOP_SMTP_URL every mail feature is visibly off, and nothing is queued', async () => {
    const off = await startTestApp();
    try {
      const p = await off.project();
      const headers = { authorization: `Bearer ${p.adminToken}` };
      const settings = (await off.app.inject({ method: 'GET', url: '/v1/mail/settings', headers })).json();
      expect(settings).toMatchObject({ enabled: false, from: null, reason: expect.stringContaining('FEEDLOOP_SMTP_URL') });
      const test = await off.app.inject({ method: 'POST', url: '/v1/mail/test', headers, payload: { to: 'a@example.com' } });
      expect(test.statusCode).toBe(409);
      expect(test.json().code).toBe('mail_disabled');
      const id = await submit(off, p, { email: 'nobody@example.com' });
      await triageItem(off, p, id, { status: 'planned', publicReply: 'Thanks' });
      expect(await off.database.db.selectFrom('mail_outbox').selectAll().execute()).toEqual([]);
      expect(off.app.mailWorker).toBeUndefined();
    } finally {
      await off.close();
    }
  });
});

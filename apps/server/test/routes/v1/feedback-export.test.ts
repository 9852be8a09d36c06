import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackItem } from '@feedloop/protocol';
import type { CreatedProject } from '../../../src/services/projects/projects.js';
import { CSV_HEADER, crlfRecords } from '../../../src/services/feedback/csv.js';
import { csvExport, type CsvExportOptions } from '../../../src/services/feedback/csv-export.js';
import type { FeedbackFilters } from '../../../src/services/feedback/feedback-query.js';
import { feedbackEvent, startTestApp, type TestApp } from '../../support/app.js';
import { get, send } from '../../support/query.js';

/**
 * Triage fields and the tag filter of GET /v1/feedback, and the CSV export's correctness on both
 * of its paths: PostgreSQL's COPY (on PostgreSQL) and keyset batches formatted in JavaScript
 * (PGlite, and on request on PostgreSQL), which must give the same bytes.
 */

let t: TestApp;
let p: CreatedProject;
let other: CreatedProject;
const ids: Record<string, string> = {};
const base = Date.parse('2026-11-20T10:00:00Z');
const at = (s: number, micro = '000') => new Date(base + s * 1000).toISOString().replace('Z', `${micro}Z`);
const onPostgres = Boolean(process.env.DATABASE_URL);

function patch(key: string, id: string, body: object) {
  return t.app.inject({ method: 'PATCH', url: `/v1/feedback/${id}`, headers: { authorization: `Bearer ${key}` }, payload: body });
}

beforeAll(async () => {
  t = await startTestApp();
  p = await t.project('Export');
  other = await t.project('Other');
  const named = (name: string, overrides: Record<string, unknown>) => {
    const event = feedbackEvent(overrides);
    ids[name] = event.id as string;
    return event;
  };
  await send(t.app, p.publicKey, [
    named('tagged', { timestamp: at(1), feature: 'checkout', comment: 'plain, with a comma', experiments: { exp: 'a' } }),
    named('quotes', { timestamp: at(2), comment: 'say "hi", then\nleave\r\nnow', category: 'bug', metadata: { plan: '@pro', n: 3 } }),
    named('unicode', { timestamp: at(3), comment: '👍 Größe — 日本語 “curly” العربية', userId: 'ユーザー', rating: { scale: 'stars', value: 5 } }),
    named('formula', { timestamp: at(4), comment: '=HYPERLINK("http://evil","x")', email: '+1@example.com', userId: '-42' }),
    named('literal', { timestamp: at(5), comment: "it's 100% back\\slash_ '); drop table feedback; --" }),
    // Five rows at the very same microsecond: only the id orders them (cursor and batch boundaries).
    ...Array.from({ length: 5 }, (_, i) => named(`same${i}`, { timestamp: at(6, '123'), feature: 'same' })),
    ...Array.from({ length: 12 }, (_, i) => named(`bulk${i}`, { timestamp: at(10 + i, '456'), feature: 'bulk', comment: i % 3 ? undefined : `bulk ${i}` })),
  ]);
  // What ingest refuses or never produces, straight into the table: cells starting with tab or
  // carriage return, @ in the feature, empty strings (not null).
  await t.database.db
    .insertInto('feedback')
    .values({
      project_id: p.projectId, id: (ids.raw = randomUUID()), occurred_at: at(30), received_at: at(31), anonymous_id: '\tanon',
      session_id: '', url: '@url', experiments: '{}', feature: '@feature', comment: '\rcarriage', category: '',
      app_version: '-1.0', locale: '\tde', user_id: null,
    })
    .execute();
  await send(t.app, other.publicKey, [
    named('theirs', { timestamp: at(1), feature: 'checkout', comment: 'other project' }),
  ]);

  const tagged = await patch(p.secretKey, ids.tagged!, {
    tags: ['bug', 'ux'], publicReply: '=cmd|\' /C calc\'!A0, "soon"', issueUrl: 'https://tracker.example.com/FL-1?a=1,2',
  });
  expect(tagged.statusCode, tagged.body).toBe(200);
  expect((await patch(p.secretKey, ids.quotes!, { tags: ['bug'], status: 'planned' })).statusCode).toBe(200);
  expect((await patch(p.secretKey, ids.unicode!, { tags: ['a,b', 'ünï "q"'], publicReply: '-1 danke ✓' })).statusCode).toBe(200);
  // The other project tags its own item 'bug' and 'ux': it must never match this project's filter.
  expect((await patch(other.secretKey, ids.theirs!, { tags: ['bug', 'ux'] })).statusCode).toBe(200);
});
afterAll(() => t.close());

async function list(query: string, key = p.secretKey): Promise<FeedbackItem[]> {
  const response = await get(t.app, key, `/v1/feedback?limit=1000${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().feedback;
}
const idsOf = (items: { id: string }[]) => items.map((i) => i.id);

/** RFC 4180, strictly: records end with \r\n; an unquoted empty cell is null, "" the empty string. */
function parseCsv(text: string): (string | null)[][] {
  const records: (string | null)[][] = [];
  let record: (string | null)[] = [];
  let i = 0;
  while (i < text.length) {
    let cell: string | null;
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) throw new Error('unterminated quoted cell');
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      cell = value;
    } else {
      let j = i;
      while (j < text.length && text[j] !== ',' && text[j] !== '\r' && text[j] !== '\n') {
        if (text[j] === '"') throw new Error(`bare quote at ${j}`);
        j++;
      }
      cell = j === i ? null : text.slice(i, j);
      i = j;
    }
    record.push(cell);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else throw new Error(`expected , or \\r\\n at ${i}: ${JSON.stringify(text.slice(i, i + 20))}`);
  }
  if (record.length) throw new Error('last record without \\r\\n');
  return records;
}

const DANGEROUS = ['=', '+', '-', '@', '\t', '\r'];
const neutral = (v: string | null) => (v !== null && DANGEROUS.includes(v[0] ?? '') ? `'${v}` : v);

/** The CSV cells an item must export as (text neutralised, JSON columns compared parsed). */
function expectedCells(item: FeedbackItem): Record<string, unknown> {
  return {
    id: item.id, occurred_at: item.occurredAt, received_at: item.receivedAt, feature: neutral(item.feature),
    rating_scale: item.rating?.scale ?? null, rating_value: item.rating ? String(item.rating.value) : null,
    comment: neutral(item.comment), category: neutral(item.category), status: item.status, anonymous_id: neutral(item.anonymousId),
    user_id: neutral(item.userId), session_id: neutral(item.sessionId), url: neutral(item.url), experiments: item.experiments,
    app_version: neutral(item.appVersion), locale: neutral(item.locale), email: neutral(item.email), metadata: item.metadata,
    public_reply: neutral(item.publicReply), issue_url: neutral(item.issueUrl), tags: item.tags,
    triaged_at: item.triagedAt, status_changed_at: item.statusChangedAt,
  };
}

function recordsOf(csv: string): Record<string, unknown>[] {
  const [header, ...rows] = parseCsv(csv);
  expect(header).toEqual([...CSV_HEADER]);
  return rows.map((cells) => {
    expect(cells).toHaveLength(CSV_HEADER.length);
    const record: Record<string, unknown> = Object.fromEntries(CSV_HEADER.map((name, i) => [name, cells[i]]));
    for (const json of ['experiments', 'metadata', 'tags']) record[json] = record[json] === null ? null : JSON.parse(record[json] as string);
    return record;
  });
}

async function exportText(options: CsvExportOptions & { filters?: FeedbackFilters } = {}): Promise<string> {
  let text = '';
  for await (const chunk of csvExport(t.database, p.projectId, options.filters ?? {}, options)) text += chunk.toString();
  return text;
}

describe('GET /v1/feedback: triage fields and the tag filter', () => {
  it('shows each item with its public reply, issue link, tags and when they changed', async () => {
    const items = new Map((await list('')).map((i) => [i.id, i]));
    const tagged = items.get(ids.tagged!)!;
    expect(tagged).toMatchObject({
      status: 'new', publicReply: `=cmd|' /C calc'!A0, "soon"`, issueUrl: 'https://tracker.example.com/FL-1?a=1,2', tags: ['bug', 'ux'],
      statusChangedAt: null,
    });
    expect(Date.parse(tagged.triagedAt!)).toBeGreaterThan(Date.now() - 600_000);
    const planned = items.get(ids.quotes!)!;
    expect(planned).toMatchObject({ status: 'planned', publicReply: null, issueUrl: null, tags: ['bug'] });
    expect(planned.statusChangedAt).toBe(planned.triagedAt);
    expect(items.get(ids.bulk0!)).toMatchObject({ publicReply: null, issueUrl: null, tags: [], triagedAt: null, statusChangedAt: null });
  });

  it('filters by tag (every given tag, any case; a comma is part of the tag), only within the project', async () => {
    expect(idsOf(await list('&tag=bug')).sort()).toEqual([ids.tagged, ids.quotes].sort());
    expect(idsOf(await list('&tag=bug&tag=ux'))).toEqual([ids.tagged]);
    expect(idsOf(await list('&tag=ux&feature=checkout'))).toEqual([ids.tagged]);
    expect(idsOf(await list('&tag=bug&status=planned'))).toEqual([ids.quotes]);
    expect(idsOf(await list(`&tag=${encodeURIComponent('a,b')}`))).toEqual([ids.unicode]);
    expect(await list('&tag=a')).toEqual([]);
    // Case-insensitive, like triage's addTags / removeTags; otherwise exact (no prefix or substring).
    expect(idsOf(await list('&tag=BUG&tag=Ux'))).toEqual([ids.tagged]);
    expect(idsOf(await list(`&tag=${encodeURIComponent('ünï "Q"')}`))).toEqual([ids.unicode]);
    expect(await list('&tag=bu')).toEqual([]);
    expect(idsOf(await list('&tag=bug&tag=ux', other.secretKey))).toEqual([ids.theirs]);
    // Exports apply it too (the COPY path on PostgreSQL).
    const csv = (await get(t.app, p.secretKey, '/v1/feedback?format=csv&tag=bug&tag=ux')).body;
    expect(recordsOf(csv).map((r) => r.id)).toEqual([ids.tagged]);
    const ndjson = (await get(t.app, p.secretKey, '/v1/feedback?format=ndjson&tag=bug')).body.trim().split('\n').map((l) => JSON.parse(l));
    expect(ndjson.map((i: FeedbackItem) => i.id).sort()).toEqual([ids.tagged, ids.quotes].sort());
    expect(ndjson.find((i: FeedbackItem) => i.id === ids.tagged)).toMatchObject({ tags: ['bug', 'ux'], issueUrl: 'https://tracker.example.com/FL-1?a=1,2' });
  });

  it('rejects empty, overlong and too many tags with invalid_query', async () => {
    for (const query of ['tag=', `tag=${'x'.repeat(51)}`, Array.from({ length: 21 }, (_, i) => `tag=t${i}`).join('&')]) {
      for (const format of ['json', 'csv']) {
        const response = await get(t.app, p.secretKey, `/v1/feedback?format=${format}&${query}`);
        expect(response.statusCode, query).toBe(400);
        expect(response.json().code).toBe('invalid_query');
      }
    }
  });
});

describe('CSV export', () => {
  it('round-trips every cell: quoting of commas, quotes, line breaks, unicode; null vs empty; formulas neutralised', async () => {
    const response = await get(t.app, p.secretKey, '/v1/feedback?format=csv');
    expect(response.statusCode).toBe(200);
    const records = recordsOf(response.body);
    const items = await list('');
    expect(records).toHaveLength(items.length);
    expect(records).toEqual(items.map(expectedCells));
    // Spot checks on the exact text, where the round trip could hide a mistake.
    expect(response.body).toContain(`,"say ""hi"", then\nleave\r\nnow",`);
    expect(response.body).toContain(`,"'=cmd|' /C calc'!A0, ""soon""",`);
    expect(response.body).toContain(`,"[""a,b"",""ünï \\""q\\""""]",`);
    const raw = records.find((r) => r.id === ids.raw)!;
    expect(raw).toMatchObject({ anonymous_id: "'\tanon", comment: "'\rcarriage", feature: "'@feature", url: "'@url", category: '', session_id: '', locale: "'\tde", app_version: "'-1.0", user_id: null });
    for (const record of records) {
      for (const [name, value] of Object.entries(record)) {
        if (typeof value === 'string') expect(DANGEROUS, `${name}: ${JSON.stringify(value)}`).not.toContain(value[0]);
      }
    }
  });

  it('applies every filter, cursor and limit (literals with quotes and backslashes included)', async () => {
    const page = (await get(t.app, p.secretKey, '/v1/feedback?limit=7')).json();
    const queries = [
      'feature=same', 'experiment=exp', 'experiment=exp&variant=a', 'category=bug', 'scale=stars&rating=5', 'status=planned',
      'hasComment=false', `q=${encodeURIComponent("it's 100% back\\slash_")}`, `q=${encodeURIComponent("'); drop table feedback; --")}`,
      `from=${encodeURIComponent(at(6, '123'))}&to=${encodeURIComponent(at(12))}`, 'limit=3', 'feature=same&limit=2',
      `cursor=${page.nextCursor}`, `cursor=${page.nextCursor}&limit=4`, 'tag=bug',
    ];
    for (const query of queries) {
      const expected = query.includes('limit=') ? (await get(t.app, p.secretKey, `/v1/feedback?${query}`)).json().feedback : await list(`&${query}`);
      const csv = (await get(t.app, p.secretKey, `/v1/feedback?format=csv&${query}`)).body;
      expect(recordsOf(csv).map((r) => r.id), query).toEqual(idsOf(expected));
    }
    expect((await list("&q=it's")).length).toBe(1);
  });

  it('gives the same bytes on the keyset path, across batch boundaries inside equal timestamps', async () => {
    const whole = await exportText();
    expect(whole).toBe((await get(t.app, p.secretKey, '/v1/feedback?format=csv')).body);
    for (const batchSize of [1, 2, 3, 5, 1000]) {
      expect(await exportText({ via: 'keyset', batchSize }), `batch ${batchSize}`).toBe(whole);
    }
    for (const filters of [{ feature: 'same' }, { tag: ['bug'] }, { q: "it's" }] satisfies FeedbackFilters[]) {
      expect(await exportText({ via: 'keyset', batchSize: 2, filters }), JSON.stringify(filters)).toBe(await exportText({ filters }));
    }
    const same = recordsOf(await exportText({ via: 'keyset', batchSize: 2, filters: { feature: 'same' } }));
    expect(same.map((r) => r.id)).toEqual([0, 1, 2, 3, 4].map((i) => ids[`same${i}`]).sort().reverse());
    expect(recordsOf(await exportText({ limit: 3, via: 'keyset', batchSize: 2 }))).toHaveLength(3);
  });

  it.runIf(onPostgres)('is written by PostgreSQL (COPY) on PostgreSQL, and leaves the pool usable after an export cut short', async () => {
    const { pool } = t.database;
    expect(pool).toBeDefined();
    // Stopping after the header and the first chunk: the connection in mid-COPY is closed, not reused.
    const generator = csvExport(t.database, p.projectId, {});
    await generator.next();
    await generator.next();
    await generator.return(undefined);
    expect(pool!.totalCount - pool!.idleCount).toBe(0);
    expect((await list('&feature=same')).length).toBe(5);
    // The statement never embeds a value unescaped.
    const { copyCsvStatement } = await import('../../../src/services/feedback/feedback-query.js');
    const statement = copyCsvStatement(t.database.db, p.projectId, { q: "x'); drop table feedback; --", tag: ["o'hara"] }, { limit: 5 });
    expect(statement).toMatch(/^copy \(select .* limit 5\) to stdout with \(format csv\)$/s);
    expect(statement).toContain(`'%x''); drop table feedback; --%'`);
    expect(statement).toContain(`'o''hara'`);
    expect(statement).not.toMatch(/\$\d/);
  });

  it('lets go of the database when an HTTP client stops reading and hangs up mid-export', async () => {
    // Enough rows that the export cannot fit in the socket buffers at once.
    const comment = 'x'.repeat(2000);
    await t.database.db
      .insertInto('feedback')
      .values(Array.from({ length: 3000 }, (_, i) => ({
        project_id: p.projectId, id: randomUUID(), occurred_at: at(-10_000 - i), received_at: at(0), anonymous_id: 'bulk',
        experiments: '{}', feature: 'stall', comment,
      })))
      .execute();
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { request } = await import('node:http');
    await new Promise<void>((resolve, reject) => {
      const req = request(`${base}/v1/feedback?format=csv&feature=stall`, { headers: { authorization: `Bearer ${p.secretKey}` } }, (res) => {
        res.once('data', () => {
          res.pause(); // stop reading: back-pressure reaches the export
          setTimeout(() => {
            req.destroy(); // …and hang up
            resolve();
          }, 300);
        });
      });
      req.on('error', () => {});
      req.once('error', reject);
      req.end();
    });
    // The export's generator is closed and its database connection released (closed if mid-COPY).
    const { pool } = t.database;
    const deadline = Date.now() + 5000;
    while (pool && pool.totalCount - pool.idleCount > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (pool) expect(pool.totalCount - pool.idleCount).toBe(0);
    expect((await get(t.app, p.secretKey, '/v1/feedback?feature=stall&limit=1')).json().feedback).toHaveLength(1);
  });
});

describe('crlfRecords', () => {
  it('ends records with \\r\\n and keeps line breaks inside quoted cells, wherever the chunks split', () => {
    const input = 'a,"b\nc",d\n"e ""q"" \n",f\n,,\n"x\r\ny"\n';
    const expected = 'a,"b\nc",d\r\n"e ""q"" \n",f\r\n,,\r\n"x\r\ny"\r\n';
    const bytes = Buffer.from(input);
    for (let cut = 0; cut <= bytes.length; cut++) {
      for (let cut2 = cut; cut2 <= bytes.length; cut2 += 3) {
        const crlf = crlfRecords();
        const out = Buffer.concat([crlf(bytes.subarray(0, cut)), crlf(bytes.subarray(cut, cut2)), crlf(bytes.subarray(cut2))]);
        expect(out.toString(), `${cut}/${cut2}`).toBe(expected);
      }
    }
  });

  it('agrees with a byte-by-byte reference on random CSV-like bytes, random chunks and alignments', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = Buffer.from('ab,"\n\r""xyzé');
    for (let run = 0; run < 50; run++) {
      const input = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 3000) }, () => alphabet[Math.floor(random() * alphabet.length)]!));
      let quoted = false;
      const reference: number[] = [];
      for (const c of input) {
        if (c === 0x22) quoted = !quoted;
        if (c === 0x0a && !quoted) reference.push(0x0d);
        reference.push(c);
      }
      const crlf = crlfRecords();
      const parts: Buffer[] = [];
      for (let at = 0; at < input.length; ) {
        const size = 1 + Math.floor(random() * 700);
        // A copy at an odd offset of a larger buffer: the word loop's alignment handling.
        const offset = Math.floor(random() * 4);
        const host = Buffer.alloc(size + offset);
        input.copy(host, offset, at, at + size);
        parts.push(crlf(host.subarray(offset, offset + Math.min(size, input.length - at))));
        at += size;
      }
      expect(Buffer.concat(parts).equals(Buffer.from(reference)), `run ${run}`).toBe(true);
    }
  });
});

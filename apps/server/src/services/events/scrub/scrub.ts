import type { Event, Metadata } from '@feedloop/protocol';
import {
  MAX_COMMENT_LENGTH,
  MAX_ID_LENGTH,
  MAX_METADATA_KEY_LENGTH,
  MAX_METADATA_VALUE_LENGTH,
  MAX_URL_LENGTH,
} from '@feedloop/protocol/limits';
import { scrubCards } from './cards.js';
import { scrubEmails, scrubPhones } from './contacts.js';
import { scrubCustom } from './custom.js';
import { scrubIbans } from './iban.js';
import { count, marker, MARKER_PREFIX, type ScrubCounts } from './kinds.js';
import { nameSensitivity, type Sensitivity } from './names.js';
import { scrubNamedValues, scrubTokenShapes } from './secrets.js';
import type { Scrubber } from './settings.js';
import { dropQuery, scrubUrlPasswords } from './urls.js';
import { truncate } from './truncate.js';

/**
 * The cheap test that lets clean text through untouched: every default detector needs one of
 * these characters (a digit: cards, IBANs, and nearly every key; = : @ for named values and URL
 * passwords; _ or - for key prefixes). One character-class test, about 1 ns a character; only a
 * text that has one is scanned in full. (A key of letters alone after a bare prefix, such as a
 * JWT or an AWS key id without a single digit, would pass unseen: vanishingly rare.)
 */
const TRIGGER = /[\d=:@_-]/;
/** The same for a URL, whose "://" says nothing. */
const URL_TRIGGER = /[\d=@_-]/;
const DIGIT = /\d/;

const CLEAN_URLS = 10_000;
const CACHED_URL_LENGTH = 512;

/** Which field a text is: what is looked for depends on it. */
export type Field = 'comment' | 'metadata' | 'url' | 'user_id' | 'metadata_key';

/** One scan of a text by every detector that applies to its field. */
function pass(text: string, field: Field, s: Scrubber, counts: ScrubCounts): string {
  let out = text;
  if ((field === 'url' ? URL_TRIGGER : TRIGGER).test(out)) {
    out = scrubUrlPasswords(out, counts);
    out = scrubTokenShapes(out, counts);
    if (field !== 'metadata_key') {
      out = scrubNamedValues(out, counts);
      if (field !== 'user_id' && DIGIT.test(out)) {
        out = scrubIbans(out, counts);
        out = scrubCards(out, counts);
      }
    }
  }
  if (field === 'comment') {
    if (s.emails) out = scrubEmails(out, counts);
    if (s.phones && DIGIT.test(out)) out = scrubPhones(out, counts);
  }
  if (s.patterns.length > 0 && field !== 'metadata_key') out = scrubCustom(out, s.patterns, counts);
  return out;
}

/**
 * A text with every secret replaced by `[redacted:<kind>]`, never longer than `limit`.
 * Repeated until nothing changes (a second look finds what a replacement uncovered, so the
 * result is a fixed point: scrubbing it again changes nothing); clean text costs one test.
 */
export function scrubText(text: string, limit: number, field: Field, s: Scrubber, counts: ScrubCounts): string {
  let out = text;
  for (let round = 0; round < 5; round++) {
    const next = truncate(pass(out, field, s, counts), limit);
    if (next === out) break;
    out = next;
  }
  return out;
}

/** Whether a metadata key says its value is a secret; cached, keys repeat from event to event. */
const sensitivity = new Map<string, Sensitivity>();
function keySensitivity(key: string): Sensitivity {
  let known = sensitivity.get(key);
  if (known === undefined && !sensitivity.has(key)) {
    if (sensitivity.size >= 10_000) sensitivity.clear();
    known = nameSensitivity(key);
    sensitivity.set(key, known);
  }
  return known;
}

/**
 * Metadata with the project's keys dropped, values under a secret-sounding key (password,
 * token, api_key, sessionId…) redacted whole, and every other string value and key scrubbed.
 * A new object only when something changed.
 */
export function scrubMetadata(metadata: Metadata, s: Scrubber, counts: ScrubCounts): Metadata {
  let out: Metadata | undefined;
  const keys = Object.keys(metadata);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = metadata[key]!;
    let nextKey = key;
    let nextValue: string | number | boolean | undefined = value;
    if (s.dropKeys.size > 0 && s.dropKeys.has(key.toLowerCase())) {
      count(counts, 'metadata_key');
      nextValue = undefined;
    } else {
      nextKey = scrubText(key, MAX_METADATA_KEY_LENGTH, 'metadata_key', s, counts);
      const kind = keySensitivity(key);
      if (kind && (typeof value === 'number' || (typeof value === 'string' && value !== '' && !value.startsWith(MARKER_PREFIX)))) {
        const k = kind === 'password' ? 'password' : 'secret';
        count(counts, k);
        nextValue = marker(k);
      } else if (typeof value === 'string') {
        nextValue = scrubText(value, MAX_METADATA_VALUE_LENGTH, 'metadata', s, counts);
      }
    }
    if (out === undefined && (nextKey !== key || nextValue !== value)) {
      out = Object.create(null) as Metadata;
      for (let j = 0; j < i; j++) out[keys[j]!] = metadata[keys[j]!]!;
    }
    // A key scrubbed to a marker another key already became is dropped: it held a secret anyway.
    if (out !== undefined && nextValue !== undefined && !(nextKey in out)) out[nextKey] = nextValue;
  }
  return out ?? metadata;
}

/**
 * Scrubs one validated event in place, before it is stored: the comment, metadata (keys and
 * values), the URL and the user id. Counts what it replaced in `counts`.
 */
export function scrubEvent(event: Event, s: Scrubber, counts: ScrubCounts): void {
  if (event.url !== undefined) {
    let url = event.url;
    if (!s.cleanUrls.has(url)) {
      url = scrubText(url, MAX_URL_LENGTH, 'url', s, counts);
      // Only clean ones are remembered (a URL with a secret is not kept in memory), and only short ones.
      if (url === event.url && url.length <= CACHED_URL_LENGTH) {
        if (s.cleanUrls.size >= CLEAN_URLS) s.cleanUrls.clear();
        s.cleanUrls.add(url);
      }
    }
    if (s.dropQuery) url = dropQuery(url, counts);
    event.url = url;
  }
  if (event.userId !== undefined) event.userId = scrubText(event.userId, MAX_ID_LENGTH, 'user_id', s, counts);
  if (event.type === 'feedback') {
    if (event.comment !== undefined) event.comment = scrubText(event.comment, MAX_COMMENT_LENGTH, 'comment', s, counts);
    if (event.metadata !== undefined) event.metadata = scrubMetadata(event.metadata, s, counts);
  }
}

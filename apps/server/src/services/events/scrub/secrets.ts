import { count, marker, MARKER_PREFIX, type ScrubCounts } from './kinds.js';
import { isSensitiveParam, nameSensitivity } from './names.js';

/** JSON Web Tokens: base64url of `{"…` (eyJ), three dot-separated parts (the signature may be empty). */
const JWT = /\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g;

/** Key shapes of well-known services, each with its fixed prefix (so prose never matches). */
const API_KEY = new RegExp(
  [
    '\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}', // Stripe secret and restricted keys
    '\\bwhsec_[A-Za-z0-9+/=]{16,}', // webhook signing secrets (Stripe, Feedloop)
    '\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|AIPA)[A-Z0-9]{16}\\b', // AWS access key ids
    '\\bgh[pousr]_[A-Za-z0-9]{30,}', // GitHub tokens
    '\\bgithub_pat_[A-Za-z0-9_]{22,}', // GitHub fine-grained tokens
    '\\bxox[abposr]-[A-Za-z0-9-]{10,}', // Slack tokens
    '\\bhooks\\.slack\\.com/services/[A-Za-z0-9/]{20,}', // Slack incoming webhooks
    '\\bAIza[\\w-]{35}', // Google API keys
    '\\bsk-(?:[a-z]+-)?[A-Za-z0-9_-]{20,}', // OpenAI, Anthropic and the like
    '\\bglpat-[\\w-]{20,}', // GitLab
    '\\bnpm_[A-Za-z0-9]{36}\\b', // npm
    '\\bsk_[\\w-]{43}(?![\\w-])', // Feedloop secret keys
    '\\bflt_[\\w-]{20,}', // Feedloop API tokens
  ].join('|'),
  'g',
);

const PRIVATE_KEY = /-----BEGIN [A-Z ]{0,30}PRIVATE KEY-----[^]*?(?:-----END [A-Z ]{0,30}PRIVATE KEY-----|$)/g;

/** `Bearer <token>` anywhere, and the value of an `Authorization:` header written out. */
const BEARER = /\b(bearer\s+)([\w.~+/-]{12,}=*)/gi;
const AUTHORIZATION = /\b(authorization\s*[:=]\s*(?:(?:basic|bearer|token|digest)\s+)?)([^\s"',;]{8,})/gi;

const keep = (value: string) => value.startsWith(MARKER_PREFIX);

/** Secrets of a known shape: JWTs, API keys, private keys, bearer tokens. */
export function scrubTokenShapes(text: string, counts: ScrubCounts): string {
  let out = text;
  if (out.includes('eyJ')) {
    out = out.replace(JWT, () => (count(counts, 'jwt'), marker('jwt')));
  }
  out = out.replace(API_KEY, () => (count(counts, 'api_key'), marker('api_key')));
  if (out.includes('PRIVATE KEY-----')) {
    out = out.replace(PRIVATE_KEY, () => (count(counts, 'private_key'), marker('private_key')));
  }
  if (/bearer|authorization/i.test(out)) {
    out = out.replace(AUTHORIZATION, (all, head: string, value: string) =>
      keep(value) ? all : (count(counts, 'bearer_token'), head + marker('bearer_token')),
    );
    out = out.replace(BEARER, (all, head: string, value: string) =>
      keep(value) ? all : (count(counts, 'bearer_token'), head + marker('bearer_token')),
    );
  }
  return out;
}

/** Each `=` or `:` of a text: the name before it decides whether the value after it is a secret. */
const SEPARATOR = /[=:]/g;
const NAME_BEFORE = /[\w.[\]-]{1,64}$/;

/**
 * `name=value` and `name: value` pairs whose name says secret: query parameters (`?token=…`,
 * `&code=…`, `#access_token=…`) anywhere, in URLs or not, and `password=…`, `api_key: …` in
 * text. A value that is already a marker is left alone.
 */
export function scrubNamedValues(text: string, counts: ScrubCounts): string {
  let out = '';
  let copied = 0;
  SEPARATOR.lastIndex = 0;
  for (let m = SEPARATOR.exec(text); m; m = SEPARATOR.exec(text)) {
    const at = m.index;
    // The name: word characters right before the separator (spaces allowed before a colon).
    // (`"password": "…"` and `key = value` too: spaces and one closing quote before the separator.)
    let nameEnd = at;
    while (nameEnd > copied && text[nameEnd - 1] === ' ') nameEnd--;
    if (nameEnd > copied && (text[nameEnd - 1] === '"' || text[nameEnd - 1] === "'")) nameEnd--;
    const name = NAME_BEFORE.exec(text.slice(Math.max(copied, nameEnd - 64), nameEnd))?.[0];
    if (!name) continue;
    const starter = text[nameEnd - name.length - 1];
    const param = m[0] === '=' && nameEnd === at && (starter === '?' || starter === '&' || starter === '#');
    let valueStart = at + 1;
    if (!param) while (text[valueStart] === ' ' || text[valueStart] === '\t') valueStart++;
    let value: string;
    let valueEnd: number;
    if (param) {
      valueEnd = scan(text, valueStart, /[&#\s"'<>]/);
      value = text.slice(valueStart, valueEnd);
      if (!value || keep(value) || !isSensitiveParam(name)) continue;
      out += text.slice(copied, valueStart) + marker('url_param');
      count(counts, 'url_param');
    } else {
      const quote = text[valueStart] === '"' || text[valueStart] === "'" ? text[valueStart]! : '';
      if (quote) valueStart++;
      valueEnd = quote ? text.indexOf(quote, valueStart) : scan(text, valueStart, /[\s"'&,;<>]/);
      if (valueEnd < 0 || valueEnd - valueStart > 500) continue;
      value = text.slice(valueStart, valueEnd);
      if (!value || keep(value)) continue;
      const sensitivity = nameSensitivity(name);
      const kind =
        sensitivity === 'password' && (m[0] === '=' || looksLikePassword(value))
          ? 'password'
          : sensitivity && looksLikeSecret(value)
            ? 'secret'
            : undefined;
      if (!kind) continue;
      out += text.slice(copied, valueStart) + marker(kind);
      count(counts, kind);
    }
    copied = valueEnd;
    SEPARATOR.lastIndex = valueEnd;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function scan(text: string, from: number, stop: RegExp): number {
  let i = from;
  while (i < text.length && !stop.test(text[i]!)) i++;
  return i;
}

/** After `password:` (which prose uses too), a word of letters alone is prose: a password has a digit, a symbol or mixed case. */
function looksLikePassword(value: string): boolean {
  return /[^A-Za-z]/.test(value) || /[a-z][A-Z]/.test(value);
}

/** After `token:`, `api_key=`, …: long and random-looking (letters and digits, or 20+ characters of high entropy). */
export function looksLikeSecret(value: string): boolean {
  if (value.length >= 8 && /\d/.test(value) && /[A-Za-z]/.test(value)) return true;
  return value.length >= 20 && entropy(value) >= 3.5;
}

/** Shannon entropy in bits per character. */
function entropy(value: string): number {
  const seen = new Map<string, number>();
  for (const c of value) seen.set(c, (seen.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of seen.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

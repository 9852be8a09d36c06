import { count, marker, MARKER_PREFIX, type ScrubCounts, type ScrubKind } from './kinds.js';
import { isSensitiveParam, nameSensitivity, type Sensitivity } from './names.js';

/**
 * Secrets of a known shape, each found by its fixed prefix (a fast substring search, so long
 * prose costs little), then matched from there: [prefix, pattern from the prefix on, kind].
 */
const SHAPES: [string, RegExp, ScrubKind][] = [
  ['eyJ', /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/y, 'jwt'], // JSON Web Tokens: base64url of {"…, three parts (the signature may be empty)
  ['sk_', /sk_(?:live|test)_[A-Za-z0-9]{10,}|sk_[\w-]{43}(?![\w-])/y, 'api_key'], // Stripe secret keys; Feedloop secret keys
  ['rk_', /rk_(?:live|test)_[A-Za-z0-9]{10,}/y, 'api_key'], // Stripe restricted keys
  ['whsec_', /whsec_[A-Za-z0-9+/=]{16,}/y, 'api_key'], // webhook signing secrets (Stripe, Feedloop)
  ['AKIA', /AKIA[A-Z0-9]{16}(?![A-Za-z0-9])/y, 'api_key'], // AWS access key ids
  ['ASIA', /ASIA[A-Z0-9]{16}(?![A-Za-z0-9])/y, 'api_key'], // AWS temporary access key ids
  ['gh', /gh[pousr]_[A-Za-z0-9]{30,}/y, 'api_key'], // GitHub tokens
  ['github_pat_', /github_pat_[A-Za-z0-9_]{22,}/y, 'api_key'], // GitHub fine-grained tokens
  ['xox', /xox[abposr]-[A-Za-z0-9-]{10,}/y, 'api_key'], // Slack tokens
  ['hooks.slack.com/services/', /hooks\.slack\.com\/services\/[A-Za-z0-9/]{20,}/y, 'api_key'], // Slack incoming webhooks
  ['AIza', /AIza[\w-]{35}/y, 'api_key'], // Google API keys
  ['sk-', /sk-(?:[a-z]+-)?[A-Za-z0-9_-]{20,}/y, 'api_key'], // OpenAI, Anthropic and the like
  ['glpat-', /glpat-[\w-]{20,}/y, 'api_key'], // GitLab
  ['npm_', /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/y, 'api_key'], // npm
  ['flt_', /flt_[\w-]{20,}/y, 'api_key'], // Feedloop API tokens
  ['-----BEGIN', /-----BEGIN [A-Z ]{0,30}PRIVATE KEY-----[^]*?(?:-----END [A-Z ]{0,30}PRIVATE KEY-----|$)/y, 'private_key'],
];

const WORD = /\w/;

/** `Bearer <token>` anywhere, and the value of an `Authorization:` header written out. */
const BEARER = /\b(bearer\s+)([\w.~+/-]{12,}=*)/gi;
const AUTHORIZATION = /\b(authorization\s*[:=]\s*(?:(?:basic|bearer|token|digest)\s+)?)([^\s"',;]{8,})/gi;

const keep = (value: string) => value.startsWith(MARKER_PREFIX);

/** Secrets of a known shape: JWTs, API keys, private keys, bearer tokens. */
export function scrubTokenShapes(text: string, counts: ScrubCounts): string {
  let out = text;
  for (const [prefix, pattern, kind] of SHAPES) {
    let at = out.indexOf(prefix);
    if (at < 0) continue;
    let result = '';
    let copied = 0;
    for (; at >= 0; at = out.indexOf(prefix, at + 1)) {
      // Not inside a word (a prefix glued to letters is something else), and not inside what was just replaced.
      if (at < copied || (at > 0 && WORD.test(out[at - 1]!))) continue;
      pattern.lastIndex = at;
      const found = pattern.exec(out);
      if (!found) continue;
      result += out.slice(copied, at) + marker(kind);
      count(counts, kind);
      copied = at + found[0].length;
    }
    if (copied > 0) out = result + out.slice(copied);
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
/** Characters of a name: word characters, `.`, `-`, `[` and `]` (`user[password]`). */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 91 || c === 93;
}

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
    let nameStart = nameEnd;
    while (nameStart > copied && nameEnd - nameStart < 64 && isNameChar(text.charCodeAt(nameStart - 1))) nameStart--;
    if (nameStart === nameEnd) continue;
    const name = text.slice(nameStart, nameEnd);
    const starter = text[nameStart - 1];
    const param = m[0] === '=' && nameEnd === at && (starter === '?' || starter === '&' || starter === '#');
    let valueStart = at + 1;
    if (!param) while (text[valueStart] === ' ' || text[valueStart] === '\t') valueStart++;
    let value: string;
    let valueEnd: number;
    if (param) {
      valueEnd = scan(text, valueStart, PARAM_STOPS);
      value = text.slice(valueStart, valueEnd);
      if (!value || keep(value) || !paramSensitivity(name)) continue;
      out += text.slice(copied, valueStart) + marker('url_param');
      count(counts, 'url_param');
    } else {
      const quote = text[valueStart] === '"' || text[valueStart] === "'" ? text[valueStart]! : '';
      if (quote) valueStart++;
      valueEnd = quote ? text.indexOf(quote, valueStart) : scan(text, valueStart, VALUE_STOPS);
      if (valueEnd < 0 || valueEnd - valueStart > 500) continue;
      value = text.slice(valueStart, valueEnd);
      if (!value || keep(value)) continue;
      const sensitivity = textSensitivity(name);
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

/** Names repeat (the same parameters on every page): their verdicts are cached. */
const paramCache = new Map<string, boolean>();
const textCache = new Map<string, Sensitivity>();
function paramSensitivity(name: string): boolean {
  let known = paramCache.get(name);
  if (known === undefined) {
    if (paramCache.size >= 10_000) paramCache.clear();
    paramCache.set(name, (known = isSensitiveParam(name)));
  }
  return known;
}
function textSensitivity(name: string): Sensitivity {
  if (textCache.has(name)) return textCache.get(name);
  if (textCache.size >= 10_000) textCache.clear();
  const known = nameSensitivity(name);
  textCache.set(name, known);
  return known;
}

/** Where a value ends: a parameter's at & or #, a value in text at , or ; too; both at whitespace, quotes and angle brackets. */
const PARAM_STOPS = "&#\"'<>";
const VALUE_STOPS = "&,;\"'<>";

function scan(text: string, from: number, stops: string): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32 || c === 0x85 || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000 || stops.includes(text[i]!)) break;
  }
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

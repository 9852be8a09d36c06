import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where webhooks may be sent. A project's secret-key holder chooses the URL, so without a policy
 * the dispatcher would POST (and report status codes and errors) to anything this service can
 * reach: the cloud metadata endpoint, the database, admin ports on localhost, the office LAN.
 * Only public unicast addresses are allowed, unless FEEDLOOP_WEBHOOK_ALLOW_PRIVATE is set (tests
 * and local development, whose receivers run on 127.0.0.1).
 *
 * The URL is checked when a webhook is registered (literal addresses, `localhost`), and the
 * addresses its host name resolves to are checked at every delivery, inside the connection's own
 * DNS lookup: the socket connects to the address that was checked, so a name that resolves to a
 * public address for the check and to a private one for the connection (DNS rebinding) cannot slip
 * through between the two.
 */

/** Why an address is refused: ipaddr.js's range name ('private', 'loopback', 'linkLocal', …). */
export type AddressVerdict = { allowed: true } | { allowed: false; range: string };

/**
 * Public unicast only. Anything ipaddr.js puts in a special-purpose range is refused: loopback,
 * RFC 1918, link-local (169.254.169.254, the metadata service), CGNAT, unique-local, multicast,
 * unspecified, broadcast, documentation and reserved blocks, and the IPv6 transition ranges
 * (NAT64, 6to4, Teredo, IPv4-translated) that can carry an IPv4 address of any kind.
 */
export function classifyAddress(address: string): AddressVerdict {
  if (!ipaddr.isValid(address)) return { allowed: false, range: 'invalid' };
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    // ::ffff:10.0.0.1 reaches 10.0.0.1: judge the IPv4 address inside.
    if (v6.isIPv4MappedAddress()) ip = v6.toIPv4Address();
    // ::/96 (IPv4-compatible, deprecated; also :: and ::1): ipaddr.js calls ::a.b.c.d 'unicast'.
    else if (v6.parts.slice(0, 6).every((p) => p === 0)) return { allowed: false, range: v6.range() === 'unicast' ? 'ipv4Compatible' : v6.range() };
  }
  const range = ip.range();
  return range === 'unicast' ? { allowed: true } : { allowed: false, range };
}

/** Host names that mean this machine without asking DNS (RFC 6761 reserves the whole .localhost). */
function isLocalName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/** A URL's host without IPv6 brackets, as net.connect takes it. */
export const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

export interface UrlProblem {
  /** invalid_body: not a URL at all; webhook_url_forbidden: a URL the policy refuses. */
  code: 'invalid_body' | 'webhook_url_forbidden';
  message: string;
}

/**
 * The registration check: http(s), no credentials (they would show in lists and logs), and a host
 * that is not a literal private address or `localhost`. Node's URL parser has already normalised
 * 0x7f.1, 2130706433 and 0177.0.0.1 to 127.0.0.1, so the literal check sees the real address.
 */
export function checkWebhookUrl(raw: string, options: { allowPrivate: boolean }): { ok: true; url: URL } | { ok: false; problem: UrlProblem } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: { code: 'invalid_body', message: 'url must be an absolute http(s) URL' } };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, problem: { code: 'webhook_url_forbidden', message: 'url must be an http(s) URL' } };
  }
  if (url.username || url.password) {
    return { ok: false, problem: { code: 'webhook_url_forbidden', message: 'url must not contain credentials' } };
  }
  if (options.allowPrivate) return { ok: true, url };
  const host = bareHost(url);
  if (isIP(host)) {
    const verdict = classifyAddress(host);
    if (!verdict.allowed) {
      return { ok: false, problem: { code: 'webhook_url_forbidden', message: `url must not point to ${describeRange(verdict.range)} address (${host})` } };
    }
  } else if (isLocalName(host)) {
    return { ok: false, problem: { code: 'webhook_url_forbidden', message: `url must not point to this machine (${host})` } };
  }
  return { ok: true, url };
}

/** Each range in words, with its article (the messages are read by people). */
const RANGE_WORDS: Record<string, string> = {
  private: 'a private',
  loopback: 'a loopback',
  linkLocal: 'a link-local',
  uniqueLocal: 'a unique-local',
  multicast: 'a multicast',
  unspecified: 'an unspecified',
  broadcast: 'a broadcast',
  carrierGradeNat: 'a shared (carrier-grade NAT)',
  reserved: 'a reserved',
};
export const describeRange = (range: string) => RANGE_WORDS[range] ?? `a non-public (${range})`;

/** The error a refused delivery fails with: its message goes into the delivery log as is. */
export class ForbiddenAddressError extends Error {
  readonly code = 'EWEBHOOKFORBIDDEN';
  constructor(host: string, address: string, range: string) {
    super(
      `refused: ${host === address ? address : `${host} resolves to ${address}`}, ${describeRange(range)} address ` +
        '(webhooks go to public addresses only; FEEDLOOP_WEBHOOK_ALLOW_PRIVATE=true allows others)',
    );
    this.name = 'ForbiddenAddressError';
  }
}

export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

/** The system resolver (getaddrinfo, as connections use it: /etc/hosts included), every address. */
export const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

/**
 * A `lookup` for net/http/https: resolves with `resolve`, refuses the connection if any address is
 * not public (a name with one public and one private address could be made to connect to either),
 * and hands the checked addresses to the socket, which connects to nothing else.
 */
export function guardedLookup(resolve: Resolve, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const family = typeof options.family === 'number' ? options.family : 0;
        const addresses = family ? found.filter((a) => a.family === family) : found;
        if (addresses.length === 0) {
          const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
          return callback(error, '', 0);
        }
        if (!allowPrivate) {
          for (const a of addresses) {
            const verdict = classifyAddress(a.address);
            if (!verdict.allowed) return callback(new ForbiddenAddressError(hostname, a.address, verdict.range), '', 0);
          }
        }
        // net asks for every address when it tries the families in turn (autoSelectFamily).
        if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, classifyAddress, ForbiddenAddressError, guardedLookup } from '../../../src/services/webhooks/address-policy.js';

// [address, range it must be refused as]
const REFUSED: [string, string][] = [
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.0.0.1', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['169.254.169.254', 'linkLocal'], // cloud metadata
  ['169.254.0.1', 'linkLocal'],
  ['100.64.0.1', 'carrierGradeNat'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['192.0.0.1', 'reserved'],
  ['192.0.2.1', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['240.0.0.1', 'reserved'],
  ['::1', 'loopback'],
  ['::', 'unspecified'],
  ['fe80::1', 'linkLocal'],
  ['febf::1', 'linkLocal'],
  ['fc00::1', 'uniqueLocal'],
  ['fd12:3456:789a::1', 'uniqueLocal'],
  ['ff02::1', 'multicast'],
  ['ff05::2', 'multicast'],
  // IPv4-mapped: judged by the IPv4 address inside.
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:10.1.2.3', 'private'],
  ['::ffff:169.254.169.254', 'linkLocal'],
  ['::ffff:0.0.0.0', 'unspecified'],
  // IPv4-compatible (deprecated), translated, NAT64, 6to4, Teredo: may carry any IPv4 address.
  ['::7f00:1', 'ipv4Compatible'], // what the URL parser makes of [::127.0.0.1]
  ['::127.0.0.1', 'loopback'], // ipaddr.js reads the dotted form as mapped: refused all the same
  ['::a00:1', 'ipv4Compatible'],
  ['::ffff:0:7f00:1', 'rfc6145'],
  ['64:ff9b::7f00:1', 'rfc6052'],
  ['2002:7f00:1::1', '6to4'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
  ['2001:db8::1', 'reserved'],
];

const ALLOWED = ['93.184.216.34', '8.8.8.8', '1.1.1.1', '172.32.0.1', '172.15.255.255', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001:82a::200e', '::ffff:8.8.8.8'];

describe('classifyAddress', () => {
  it.each(REFUSED)('refuses %s (%s)', (address, range) => {
    expect(classifyAddress(address)).toEqual({ allowed: false, range });
  });
  it.each(ALLOWED)('allows the public address %s', (address) => {
    expect(classifyAddress(address)).toEqual({ allowed: true });
  });
  it('refuses what is not an address', () => {
    expect(classifyAddress('example.com')).toEqual({ allowed: false, range: 'invalid' });
  });
});

describe('checkWebhookUrl', () => {
  const forbidden = (url: string) => {
    const result = checkWebhookUrl(url, { allowPrivate: false });
    expect(result.ok, url).toBe(false);
    return !result.ok && result.problem;
  };

  it.each([
    'http://127.0.0.1:8787/hook',
    'http://localhost/hook',
    'http://LOCALHOST./hook',
    'http://api.localhost/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.5/',
    'https://192.168.0.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[::127.0.0.1]/',
    'http://[fe80::1]/',
    'http://[fd00::1]/',
    'http://[ff02::1]/',
    'http://0.0.0.0/',
    'http://[::]/',
    'http://224.0.0.1/',
    // Forms Node's URL parser normalises to 127.0.0.1 / 169.254.169.254 / 10.0.0.1:
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0x7f000001/',
    'http://0177.0.0.1/',
    'http://017700000001/',
    'http://127.1/',
    'http://0xa9.0xfe.0xa9.0xfe/',
    'http://2852039166/',
    'http://012.0.0.1/',
  ])('refuses %s with webhook_url_forbidden', (url) => {
    const problem = forbidden(url);
    expect(problem).toMatchObject({ code: 'webhook_url_forbidden' });
    expect((problem as { message: string }).message).toMatch(/must not point to/);
  });

  it('refuses other schemes and credentials, and names the reason', () => {
    expect(forbidden('ftp://example.com/x')).toEqual({ code: 'webhook_url_forbidden', message: 'url must be an http(s) URL' });
    expect(forbidden('file:///etc/passwd')).toMatchObject({ code: 'webhook_url_forbidden' });
    expect(forbidden('javascript:alert(1)')).toMatchObject({ code: 'webhook_url_forbidden' });
    expect(forbidden('https://user:pw@example.com/x')).toEqual({ code: 'webhook_url_forbidden', message: 'url must not contain credentials' });
    expect(forbidden('not a url')).toMatchObject({ code: 'invalid_body' });
    expect(forbidden('http://0/')).toEqual({ code: 'webhook_url_forbidden', message: 'url must not point to an unspecified address (0.0.0.0)' });
  });

  it('accepts public hosts and addresses, normalising the URL', () => {
    for (const url of ['https://hooks.example.com/feedloop', 'http://93.184.216.34:8080/x', 'https://[2606:4700:4700::1111]/x', 'https://hooks.slack.com/services/T/B/X']) {
      const result = checkWebhookUrl(url, { allowPrivate: false });
      expect(result.ok, url).toBe(true);
    }
    const result = checkWebhookUrl('HTTPS://Hooks.Example.COM/a', { allowPrivate: false });
    expect(result.ok && result.url.toString()).toBe('https://hooks.example.com/a');
  });

  it('accepts private hosts with allowPrivate, but never other schemes or credentials', () => {
    expect(checkWebhookUrl('http://127.0.0.1:8787/hook', { allowPrivate: true }).ok).toBe(true);
    expect(checkWebhookUrl('http://localhost/hook', { allowPrivate: true }).ok).toBe(true);
    expect(checkWebhookUrl('ftp://127.0.0.1/', { allowPrivate: true }).ok).toBe(false);
    expect(checkWebhookUrl('http://a:b@127.0.0.1/', { allowPrivate: true }).ok).toBe(false);
  });
});

describe('guardedLookup', () => {
  const resolver = (addresses: string[]) => async () =>
    addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  const run = (lookup: ReturnType<typeof guardedLookup>, options: { all?: boolean; family?: number } = {}) =>
    new Promise<{ error: Error | null; result: unknown }>((resolve) =>
      lookup('hooks.example.test', options as never, ((error: Error | null, address: unknown, family?: number) =>
        resolve({ error, result: options.all ? address : { address, family } })) as never),
    );

  it('hands the checked addresses to the socket', async () => {
    const lookup = guardedLookup(resolver(['93.184.216.34', '2606:4700:4700::1111']), false);
    expect(await run(lookup)).toEqual({ error: null, result: { address: '93.184.216.34', family: 4 } });
    expect(await run(lookup, { all: true })).toEqual({
      error: null,
      result: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:4700:4700::1111', family: 6 },
      ],
    });
    expect(await run(lookup, { family: 6 })).toEqual({ error: null, result: { address: '2606:4700:4700::1111', family: 6 } });
  });

  it('refuses a name when any of its addresses is not public (rebinding with mixed answers)', async () => {
    const { error } = await run(guardedLookup(resolver(['93.184.216.34', '10.0.0.7']), false), { all: true });
    expect(error).toBeInstanceOf(ForbiddenAddressError);
    expect(error!.message).toBe(
      'refused: hooks.example.test resolves to 10.0.0.7, a private address (webhooks go to public addresses only; FEEDLOOP_WEBHOOK_ALLOW_PRIVATE=true allows others)',
    );
    expect((await run(guardedLookup(resolver(['::ffff:169.254.169.254']), false))).error).toBeInstanceOf(ForbiddenAddressError);
  });

  it('lets private addresses through with allowPrivate, and reports names that do not resolve', async () => {
    expect(await run(guardedLookup(resolver(['127.0.0.1']), true))).toEqual({ error: null, result: { address: '127.0.0.1', family: 4 } });
    const { error } = await run(guardedLookup(resolver([]), false));
    expect(error).toMatchObject({ code: 'ENOTFOUND' });
  });
});

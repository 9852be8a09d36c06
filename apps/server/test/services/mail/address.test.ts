import { describe, expect, it } from 'vitest';
import { addressHint, hashAddress, headerText, isMailAddress, parseMailbox } from '../../../src/services/mail/address.js';
import { mailLocale } from '../../../src/services/mail/strings.js';
import { escapeHtml } from '../../../src/services/mail/templates.js';

describe('addresses and header text', () => {
  it('takes plain addresses only: no line break, control character, bracket, space or second address', () => {
    for (const good of ['a@example.com', 'first.last+tag@sub.example.co.uk', 'ユーザー@例え.jp']) expect(isMailAddress(good), good).toBe(true);
    for (const bad of [
      'a@example.com\r\nBcc: evil@example.com',
      'a@example.com\nBcc: evil@example.com',
      'a@example.com\u0000',
      'a@example.com\u2028',
      '<a@example.com>',
      'a@example.com, b@example.com',
      'a b@example.com',
      'a@localhost',
      '@example.com',
      'a@',
      `${'a'.repeat(65)}@example.com`,
    ]) {
      expect(isMailAddress(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('reads a sender "Name <address>"; a line break anywhere refuses it', () => {
    expect(parseMailbox('Feedloop Team <loop@example.com>')).toEqual({ name: 'Feedloop Team', address: 'loop@example.com' });
    expect(parseMailbox('"Quoted, Name" <loop@example.com>')).toEqual({ name: 'Quoted, Name', address: 'loop@example.com' });
    expect(parseMailbox('loop@example.com')).toEqual({ name: undefined, address: 'loop@example.com' });
    expect(parseMailbox('Evil\r\nBcc: x@example.com <loop@example.com>')).toBeUndefined();
    expect(parseMailbox('Name <loop@example.com>\r\nBcc: x@example.com')).toBeUndefined();
    expect(parseMailbox('Name <loop@example.com')).toBeUndefined();
  });

  it('header text loses its control characters and is kept short', () => {
    expect(headerText('A\r\nBcc: evil@example.com\tz\u2029')).toBe('A Bcc: evil@example.com z');
    expect(headerText('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('hashes addresses case-insensitively, per secret; hints name no address', () => {
    expect(hashAddress('s1', ' Ada@Example.com ')).toBe(hashAddress('s1', 'ada@example.com'));
    expect(hashAddress('s1', 'ada@example.com')).not.toBe(hashAddress('s2', 'ada@example.com'));
    expect(addressHint('Ada.Lovelace@Example.com')).toBe('a…@e….com');
  });

  it('maps locale tags to the written ones; escapes every character that could open markup', () => {
    expect(['de-AT', 'DE', 'fr_CA', 'es', 'ja-JP', 'ar-EG', 'pt-BR', null, '', 'x'].map(mailLocale)).toEqual(['de', 'de', 'fr', 'es', 'ja', 'ar', 'en', 'en', 'en', 'en']);
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe('&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#96;&#60;/a&#62;');
  });
});

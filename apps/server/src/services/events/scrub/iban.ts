import { count, marker, type ScrubCounts } from './kinds.js';

/** IBAN lengths by country (the SWIFT registry): a country code fixes the length, so no guessing where it ends. */
const LENGTHS: Record<string, number> = Object.fromEntries(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ES24 ' +
    'FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 ' +
    'LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 ' +
    'RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30'
  )
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))]),
);

/** A country code and two check digits, not inside a word. */
const START = /(?<![A-Za-z0-9])[A-Za-z]{2}\d\d/g;

/**
 * IBANs, whole or in groups (one space or dash between characters), of their country's length,
 * followed by no further letter or digit, with a valid ISO 7064 mod-97 check.
 */
export function scrubIbans(text: string, counts: ScrubCounts): string {
  let out = '';
  let copied = 0;
  START.lastIndex = 0;
  for (let m = START.exec(text); m; m = START.exec(text)) {
    const length = LENGTHS[m[0].slice(0, 2).toUpperCase()];
    if (!length) continue;
    let chars = '';
    let i = m.index;
    while (i < text.length && chars.length < length) {
      const c = text[i]!;
      if (isAlnum(c)) {
        chars += c;
        i++;
      } else if ((c === ' ' || c === '-') && chars.length > 0 && isAlnum(text[i + 1] ?? '')) i++;
      else break;
    }
    if (chars.length !== length || isAlnum(text[i] ?? '') || !mod97(chars.toUpperCase())) continue;
    out += text.slice(copied, m.index) + marker('iban');
    count(counts, 'iban');
    copied = i;
    START.lastIndex = i;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);

/** ISO 13616: the first four characters moved to the end, letters as 10–35, the number mod 97 is 1. */
export function mod97(iban: string): boolean {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const c of moved) {
    const code = c.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    rest = value > 9 ? (rest * 100 + value) % 97 : (rest * 10 + value) % 97;
  }
  return rest === 1;
}

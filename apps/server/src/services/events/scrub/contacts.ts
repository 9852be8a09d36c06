import { count, marker, type ScrubCounts } from './kinds.js';

/** Email addresses inside a comment (the project's choice; the `email` field itself is the submitter's own). */
const EMAIL = /[\w.%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g;

export function scrubEmails(text: string, counts: ScrubCounts): string {
  if (!text.includes('@')) return text;
  return text.replace(EMAIL, (found: string) =>
    /\.[A-Za-z]{2,}$/.test(found) ? (count(counts, 'email'), marker('email')) : found,
  );
}

/** A phone number: 7–15 digits (E.164) with an optional +, brackets and separators. */
const PHONE = /(?<![\w+])\+?\(?\d[\d ().\/-]{5,22}\d(?![\w])/g;
const DATE = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/;

export function scrubPhones(text: string, counts: ScrubCounts): string {
  return text.replace(PHONE, (found: string) => {
    const digits = found.replace(/\D/g, '').length;
    if (digits < 7 || digits > 15 || DATE.test(found)) return found;
    // A decimal number (3.1415926) or a version is not a phone number.
    if (/^\d+\.\d+$/.test(found) || /^\d+(?:\.\d+){2,}$/.test(found)) return found;
    if (isIsbn(found)) return found;
    count(counts, 'phone');
    return marker('phone');
  });
}

/** A book number (ISBN-10 of digits, or ISBN-13 of 978/979) by its check digit: not a phone number. */
function isIsbn(found: string): boolean {
  const digits = found.replace(/\D/g, '');
  if (digits.length === 13 && (digits.startsWith('978') || digits.startsWith('979'))) {
    let sum = 0;
    for (let i = 0; i < 13; i++) sum += (digits.charCodeAt(i) - 48) * (i % 2 ? 3 : 1);
    return sum % 10 === 0;
  }
  // ISBN-10 only as books print it (four hyphenated groups): its check digit fits 1 in 11 phone numbers.
  if (digits.length === 10 && /^\d{1,5}-\d{1,7}-\d{1,7}-\d$/.test(found)) {
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += (digits.charCodeAt(i) - 48) * (10 - i);
    return sum % 11 === 0;
  }
  return false;
}

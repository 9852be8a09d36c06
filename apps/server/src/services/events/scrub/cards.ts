import { count, marker, type ScrubCounts } from './kinds.js';

/**
 * Payment card numbers: 13–19 digits, whole or in groups separated by one space or dash, with an
 * issuer's prefix and length (Visa, Mastercard, Amex, Diners, Discover, JCB, UnionPay, Maestro)
 * and a valid Luhn check digit. A run of digit groups (a phone number, then a card) is searched
 * group by group: every sequence of whole groups is a candidate, the longest valid one wins.
 * Digits glued to letters or following a "+" (an id, a phone number) do not start a card.
 */
const RUN = /\d+(?:[ -]\d+)*/g;

export function scrubCards(text: string, counts: ScrubCounts): string {
  return text.replace(RUN, (run: string, offset: number) => {
    if (run.length < 13) return run;
    const groups: { start: number; end: number }[] = [];
    for (let i = 0; i < run.length; ) {
      let j = i;
      while (j < run.length && run.charCodeAt(j) >= 48 && run.charCodeAt(j) <= 57) j++;
      groups.push({ start: i, end: j });
      i = j + 1;
    }
    const before = offset > 0 ? text[offset - 1]! : ' ';
    const after = text[offset + run.length] ?? ' ';
    const startOk = !/[\w+.,]/.test(before);
    const endOk = !/\w/.test(after);
    let out = '';
    let copied = 0;
    for (let i = 0; i < groups.length; ) {
      let best = -1;
      if (i > 0 || startOk) {
        let digits = '';
        for (let j = i; j < groups.length; j++) {
          digits += run.slice(groups[j]!.start, groups[j]!.end);
          if (digits.length > 19) break;
          if (digits.length >= 13 && (j < groups.length - 1 || endOk) && isCardNumber(digits)) best = j;
        }
      }
      if (best < 0) {
        i++;
        continue;
      }
      out += run.slice(copied, groups[i]!.start) + marker('payment_card');
      count(counts, 'payment_card');
      copied = groups[best]!.end;
      i = best + 1;
    }
    return copied === 0 ? run : out + run.slice(copied);
  });
}

/** An issuer's prefix with one of its lengths, and the Luhn check. */
export function isCardNumber(digits: string): boolean {
  return issuerLength(digits) && luhn(digits);
}

function issuerLength(d: string): boolean {
  const n = d.length;
  const two = Number(d.slice(0, 2));
  const three = Number(d.slice(0, 3));
  const four = Number(d.slice(0, 4));
  switch (d[0]) {
    case '4': // Visa
      return n >= 16;
    case '5': // Mastercard 51–55; Maestro 50, 56–59
      return two >= 51 && two <= 55 ? n === 16 : n >= 16;
    case '2': // Mastercard 2221–2720
      return four >= 2221 && four <= 2720 && n === 16;
    case '3': // Amex 34, 37; JCB 35; Diners 300–305, 36, 38, 39
      if (two === 34 || two === 37) return n === 15;
      if (two === 35) return n >= 16;
      return (two === 36 || two === 38 || two === 39 || (three >= 300 && three <= 305)) && n >= 14;
    case '6': // Discover, UnionPay, Maestro
      return n >= 16;
    default:
      return false;
  }
}

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

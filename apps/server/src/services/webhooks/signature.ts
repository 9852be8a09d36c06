import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a delivery's timestamp may be from the receiver's clock (replay window). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** `v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`: what the Feedloop-Signature header carries. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface VerifyInput {
  /** The webhook's signing secret (whsec_…). */
  secret: string;
  /** The raw request body, exactly as received (not re-serialized JSON). */
  body: string | Buffer;
  /** The Feedloop-Timestamp header (Unix seconds). */
  timestamp: string | undefined;
  /** The Feedloop-Signature header: one or more `v1=<hex>` separated by commas (several during a secret rotation). */
  signature: string | undefined;
  toleranceSeconds?: number;
  /** The receiver's clock, Unix seconds (tests). */
  now?: number;
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'missing_headers' | 'stale_timestamp' | 'bad_signature' };

/**
 * The receiver's check: the signature must match the body and timestamp, and the timestamp be
 * recent (a captured delivery cannot be replayed later). Receivers should also drop a
 * Feedloop-Delivery id they have already processed: deliveries are at-least-once.
 */
export function verifyWebhookSignature(input: VerifyInput): VerifyResult {
  const { secret, timestamp, signature } = input;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing_headers' };
  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { ok: false, reason: 'stale_timestamp' };
  }
  const body = typeof input.body === 'string' ? input.body : input.body.toString('utf8');
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const matches = signature.split(',').some((candidate) => {
    const given = Buffer.from(candidate.trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true } : { ok: false, reason: 'bad_signature' };
}

import type { PrivacySettings } from '@feedloop/protocol';
import type { Field, ScrubKind } from '../../../../src/services/events/scrub/index.js';

/**
 * Real-looking secrets the scrubber must find, and near misses it must keep. Every secret here
 * is a published test value or made up for this file (the card numbers are the networks' test
 * numbers, the IBANs the registry's examples, the keys the vendors' documented examples or random).
 */

export interface Secret {
  /** Text with the secret in it. */
  text: string;
  /** The secret itself: it must not survive scrubbing. */
  secret: string;
  kind: ScrubKind;
  field?: Field;
  settings?: Partial<PrivacySettings>;
}

export const SECRETS: Secret[] = [
  // Payment cards (Luhn-valid, issuer prefix and length), whole, spaced, dashed
  { text: 'my card is 4111 1111 1111 1111, exp 12/26', secret: '4111 1111 1111 1111', kind: 'payment_card' },
  { text: 'card 4111-1111-1111-1111 declined', secret: '4111-1111-1111-1111', kind: 'payment_card' },
  { text: '5555555555554444', secret: '5555555555554444', kind: 'payment_card' },
  { text: 'Mastercard 2223 0031 2200 3222 failed', secret: '2223 0031 2200 3222', kind: 'payment_card' },
  { text: 'amex 3782 822463 10005 please refund', secret: '3782 822463 10005', kind: 'payment_card' },
  { text: 'Discover:6011111111111117', secret: '6011111111111117', kind: 'payment_card' },
  { text: 'JCB 3530111333300000.', secret: '3530111333300000', kind: 'payment_card' },
  { text: 'diners 3056 9309 0259 04', secret: '3056 9309 0259 04', kind: 'payment_card' },
  { text: 'call 555 1234 4111111111111111 now', secret: '4111111111111111', kind: 'payment_card' },
  { text: '/orders/4012888888881881/retry', secret: '4012888888881881', kind: 'payment_card', field: 'url' },
  { text: 'visa 19 digits 4222 2222 2222 2222 224', secret: '4222 2222 2222 2222 224', kind: 'payment_card' },
  // IBANs (mod 97)
  { text: 'IBAN DE89 3704 0044 0532 0130 00 thanks', secret: 'DE89 3704 0044 0532 0130 00', kind: 'iban' },
  { text: 'pay to GB82WEST12345698765432.', secret: 'GB82WEST12345698765432', kind: 'iban' },
  { text: 'fr: FR14 2004 1010 0505 0001 3M02 606', secret: 'FR14 2004 1010 0505 0001 3M02 606', kind: 'iban' },
  { text: 'nl91abna0417164300 lowercase', secret: 'nl91abna0417164300', kind: 'iban' },
  // JWTs
  {
    text: 'session eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c expired',
    secret: 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    kind: 'jwt',
  },
  { text: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.', secret: 'eyJzdWIiOiJhZG1pbiJ9', kind: 'jwt', field: 'user_id' },
  // API keys of known shapes
  { text: 'use sk_live_4eC39HqLyjWDarjtT1zdp7dc to test', secret: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', kind: 'api_key' },
  { text: 'sk_test_51HxYzABCdefGHIjklMNOpqr', secret: 'sk_test_51HxYzABCdefGHIjklMNOpqr', kind: 'api_key', field: 'user_id' },
  { text: 'restricted rk_live_51AbCdEfGhIjKlMnOp', secret: 'rk_live_51AbCdEfGhIjKlMnOp', kind: 'api_key' },
  { text: 'AWS key AKIAIOSFODNN7EXAMPLE in the logs', secret: 'AKIAIOSFODNN7EXAMPLE', kind: 'api_key' },
  { text: 'temporary ASIAY34FZKBOKMUTVV7A', secret: 'ASIAY34FZKBOKMUTVV7A', kind: 'api_key' },
  { text: 'token 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', secret: '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', kind: 'api_key' },
  { text: 'oauth gho_16C7e42F292c6912E7710c838347Ae178B4a', secret: 'gho_16C7e42F292c6912E7710c838347Ae178B4a', kind: 'api_key' },
  {
    text: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123',
    secret: 'github_pat_11ABCDEFG0123456789',
    kind: 'api_key',
  },
  { text: 'slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', secret: 'xoxb-123456789012', kind: 'api_key' },
  { text: 'user token xoxp-1234-5678-91011-abcdef', secret: 'xoxp-1234-5678-91011-abcdef', kind: 'api_key' },
  { text: 'maps AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI works', secret: 'AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI', kind: 'api_key' },
  { text: 'OPENAI_API_KEY sk-proj-abcDEF1234567890ghiJKL', secret: 'sk-proj-abcDEF1234567890ghiJKL', kind: 'api_key' },
  { text: 'glpat-xxxxXXXXxxxxXXXX1234', secret: 'glpat-xxxxXXXXxxxxXXXX1234', kind: 'api_key' },
  { text: 'npm_abcdefghijklmnopqrstuvwxyz0123456789 leaked', secret: 'npm_abcdefghijklmnopqrstuvwxyz0123456789', kind: 'api_key' },
  { text: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw signs', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', kind: 'api_key' },
  {
    text: 'our feedloop key sk_Xq3v9Zt1LmNoPqRsTuVwXyZ0123456789abcdefGHIJ oops',
    secret: 'sk_Xq3v9Zt1LmNoPqRsTuVwXyZ0123456789abcdefGHIJ',
    kind: 'api_key',
  },
  {
    text: '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1c7+9z5Pad7OejecsQ0bu3aumnCZ6L0w\n-----END RSA PRIVATE KEY-----',
    secret: 'MIIEpAIBAAKCAQEA1c7',
    kind: 'private_key',
  },
  // Bearer and Authorization
  { text: 'curl -H "Authorization: Bearer abcdef1234567890abcdef"', secret: 'abcdef1234567890abcdef', kind: 'bearer_token' },
  { text: 'Authorization: Basic dXNlcjpwYXNzd29yZA==', secret: 'dXNlcjpwYXNzd29yZA==', kind: 'bearer_token' },
  { text: 'sent bearer 0123456789abcdefABCDEF to the API', secret: '0123456789abcdefABCDEF', kind: 'bearer_token' },
  // Passwords and secrets by name
  { text: 'password=hunter2', secret: 'hunter2', kind: 'password' },
  { text: 'my login: user=ada pwd=Tr0ub4dor&3', secret: 'Tr0ub4dor', kind: 'password' },
  { text: '{"password": "s3cret!"}', secret: 's3cret!', kind: 'password' },
  { text: 'Password: CorrectHorse9', secret: 'CorrectHorse9', kind: 'password' },
  { text: 'api_key=abcd1234efgh5678', secret: 'abcd1234efgh5678', kind: 'secret' },
  { text: 'client_secret: 8f14e45fceea167a5a36dedd4bea2543', secret: '8f14e45fceea167a5a36dedd4bea2543', kind: 'secret' },
  { text: "aws_secret_access_key = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'", secret: 'wJalrXUtnFEMI', kind: 'secret' },
  // URLs: passwords and secret parameters, in the url field and inside text
  { text: 'https://bob:hunter2@example.com/x', secret: 'hunter2', kind: 'url_password', field: 'url' },
  { text: 'db at postgres://app:S3cr3t@db.internal:5432/app broke', secret: 'S3cr3t', kind: 'url_password' },
  { text: 'https://app.example.com/reset?token=abc123def', secret: 'abc123def', kind: 'url_param', field: 'url' },
  { text: 'https://app.example.com/cb?state=x&code=4/0AX4XfWh', secret: '4/0AX4XfWh', kind: 'url_param', field: 'url' },
  { text: 'https://app.example.com/#access_token=ya29.a0Af&expires_in=3599', secret: 'ya29.a0Af', kind: 'url_param', field: 'url' },
  { text: 'see https://x.example/p?sessionId=s%3A42.abc&tab=2', secret: 's%3A42.abc', kind: 'url_param' },
  { text: 'link: /login?next=/home&password=letmein', secret: 'letmein', kind: 'url_param' },
  { text: 'https://api.example.com/v1?apiKey=k', secret: 'apiKey=k', kind: 'url_param', field: 'metadata' },
  { text: 'https://x.example/?secret=%2Fabc', secret: '%2Fabc', kind: 'url_param', field: 'url' },
  // Settings: emails and phones in comments, extra patterns
  { text: 'reach me at ada@example.com', secret: 'ada@example.com', kind: 'email', settings: { emailsInComments: 'redact' } },
  { text: 'call +49 151 12345678 after 5', secret: '12345678', kind: 'phone', settings: { phonesInComments: 'redact' } },
  { text: 'US (415) 555-2671', secret: '555-2671', kind: 'phone', settings: { phonesInComments: 'redact' } },
  { text: 'ticket ORD-123456 lost', secret: 'ORD-123456', kind: 'custom', settings: { extraPatterns: ['ORD-[0-9]+'] } },
  { text: 'employee E-9981', secret: 'E-9981', kind: 'custom', settings: { extraPatterns: ['(?i)e-\\d{4}'] } },
];

export interface Keep {
  text: string;
  why: string;
  field?: Field;
  settings?: Partial<PrivacySettings>;
}

/** Near misses: each must come out exactly as it went in. */
export const KEEP: Keep[] = [
  { text: 'order 4111111111111112 never arrived', why: 'an order number failing Luhn' },
  { text: 'Order #1234567890123456 is late', why: 'a 16-digit number failing Luhn' },
  { text: 'tracking 1Z999AA10123456784', why: 'a parcel tracking number' },
  { text: 'invoice 9876543210987654 (paid)', why: 'no issuer starts with 9' },
  { text: 'ISBN 978-3-16-148410-0, page 12', why: 'an ISBN-13' },
  { text: 'ISBN 978-3-16-148410-0', why: 'an ISBN-13, even with phone redaction on', settings: { phonesInComments: 'redact' } },
  { text: 'ISBN 0-306-40615-2', why: 'an ISBN-10 with phone redaction on', settings: { phonesInComments: 'redact' } },
  { text: 'call me on +49 151 12345678', why: 'a phone number with phone redaction off' },
  { text: '+1 (415) 555-2671', why: 'a US phone number with phone redaction off' },
  { text: 'write to ada@example.com', why: 'an email with email redaction off' },
  { text: 'Meeting on 2024-05-01 at 10:30', why: 'a date and a time', settings: { phonesInComments: 'redact' } },
  { text: 'version 1.2.3 and pi 3.14159265', why: 'versions and decimals', settings: { phonesInComments: 'redact' } },
  { text: 'The keyboard shortcut is broken', why: 'the word keyboard' },
  { text: 'https://shop.example/?monkey=1&keyword=shoes&turkey=2', why: 'parameters that merely contain "key"', field: 'url' },
  { text: 'monkey=1', why: 'monkey is no key' },
  { text: 'password: the reset link is broken', why: 'prose after "password:"' },
  { text: 'Forgot password? The token: expired', why: 'prose after "token:"' },
  { text: 'secret: surprise party', why: 'a word, not a secret' },
  { text: 'I am the bearer of bad news', why: 'the word bearer' },
  { text: 'See DE for details, DE12 is a label', why: 'a country code without an IBAN' },
  { text: 'DE89 3704 0044 0532 0130 01', why: 'an IBAN failing mod 97' },
  { text: 'https://app.example.com/cart?x=1&sort=price#reviews', why: 'an ordinary URL', field: 'url' },
  { text: 'https://app.example.com/users/@ada/profile', why: 'an @ in a path', field: 'url' },
  { text: 'skill_level=expert sk-ip', why: 'sk- without a key after it' },
  { text: 'the AKIA prefix alone', why: 'a prefix without the key' },
  { text: 'eyJ is how JSON starts in base64', why: 'eyJ alone' },
  { text: 'Love it :) 10/10 would buy again', why: 'a happy customer' },
  { text: 'user_42', why: 'an ordinary user id', field: 'user_id' },
  { text: 'ada@example.com', why: 'an email as the user id', field: 'user_id' },
  { text: '4111111111111111', why: 'a long numeric user id is not scanned for cards', field: 'user_id' },
  { text: 'Größe 42 — 日本語のフィードバック 👍', why: 'unicode prose' },
  { text: '[redacted:payment_card] was already scrubbed', why: 'a marker stays a marker' },
];

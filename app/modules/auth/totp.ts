// TOTP codes (RFC 6238: SHA-1, 6 digits, 30 s) through otpauth (docs/decisions/0020). Pure: the
// caller keeps the last step used, which is what makes a code single-use.
import { Secret, TOTP } from "otpauth";

/** One step either side: a phone clock half a minute off, or a code typed as it changes, still works. */
export const TOTP_WINDOW = 1;
const ISSUER = "Shuxiang";

function totp(secret: string, label = ""): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

/** A new secret (160 bits, as RFC 4226 recommends), in base32 as authenticator apps take it typed. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// address the QR code carries. */
export function totpUri(secret: string, accountName: string): string {
  return totp(secret, accountName).toString();
}

/**
 * The time step of a code that may be accepted now, or null. A code is refused when it is wrong,
 * outside the window, or from a step no later than the last one accepted (a replay, or an older
 * code after a newer one).
 */
export function acceptedStep(secret: string, code: string, lastUsedStep: number | null, now: number): number | null {
  const t = totp(secret);
  const delta = t.validate({ token: code, timestamp: now, window: TOTP_WINDOW });
  if (delta === null) return null;
  const step = t.counter({ timestamp: now }) + delta;
  return lastUsedStep !== null && step <= lastUsedStep ? null : step;
}

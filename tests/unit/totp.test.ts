// A code works within a step either side of now, once: not again, and not an older one after it.
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { acceptedStep, newTotpSecret, totpUri } from "#app/modules/auth/totp.ts";

const secret = newTotpSecret();
const code = (at: number) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at });
const now = Date.UTC(2026, 11, 3, 8, 0, 10);
const step = Math.floor(now / 30_000);

describe("TOTP codes", () => {
  it("accepts the current code and those of the step before and after, not two steps away", () => {
    expect(acceptedStep(secret, code(now), null, now)).toBe(step);
    expect(acceptedStep(secret, code(now - 30_000), null, now)).toBe(step - 1);
    expect(acceptedStep(secret, code(now + 30_000), null, now)).toBe(step + 1);
    expect(acceptedStep(secret, code(now - 60_000), null, now)).toBeNull();
    expect(acceptedStep(secret, code(now + 60_000), null, now)).toBeNull();
  });

  it("refuses a code whose step was already used, and an older one after it", () => {
    expect(acceptedStep(secret, code(now), step, now)).toBeNull();
    expect(acceptedStep(secret, code(now - 30_000), step, now)).toBeNull();
    expect(acceptedStep(secret, code(now + 30_000), step, now)).toBe(step + 1);
  });

  it("refuses another secret's code", () => {
    const other = new TOTP({ secret: Secret.fromBase32(newTotpSecret()) }).generate({ timestamp: now });
    expect(acceptedStep(secret, other, null, now)).toBeNull();
  });

  it("gives an otpauth address an authenticator app reads: the secret, the account, six digits every 30 s", () => {
    const uri = new URL(totpUri(secret, "admin@shuxiang.example"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(uri.searchParams.get("period")).toBe("30");
    expect(decodeURIComponent(uri.pathname)).toContain("admin@shuxiang.example");
  });
});

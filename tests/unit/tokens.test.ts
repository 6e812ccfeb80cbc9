import { describe, expect, it } from "vitest";
import { hashCode, hashToken, randomCode, randomToken, safeEqual } from "#app/lib/tokens.server.ts";
import { safeRedirectPath } from "#app/lib/safe-redirect.ts";
import { unsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from "#app/modules/notifications/unsubscribe.server.ts";

describe("sign-in secrets", () => {
  it("makes 6-digit codes, zero-padded, spread over the whole range", () => {
    const codes = Array.from({ length: 2000 }, randomCode);
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1900);
    expect(codes.some((c) => c.startsWith("0"))).toBe(true);
  });

  it("makes 256-bit URL-safe link tokens that never repeat", () => {
    const tokens = Array.from({ length: 500 }, randomToken);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(500);
  });

  it("stores only hashes: the token is not in its hash, and codes depend on the server secret", () => {
    const token = randomToken();
    expect(hashToken(token)).not.toContain(token);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashCode("123456", "secret-a")).not.toBe(hashCode("123456", "secret-b"));
  });

  it("compares in constant time and tells different lengths apart", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});

describe("redirect after sign-in", () => {
  it("keeps paths on this site", () => {
    expect(safeRedirectPath("/staff/mailbox?x=1", "/staff")).toBe("/staff/mailbox?x=1");
  });
  it("keeps a path's query and fragment, and what is encoded stays encoded", () => {
    expect(safeRedirectPath("/events?kind=%E8%AE%B2%E5%BA%A7#list", "/")).toBe("/events?kind=%E8%AE%B2%E5%BA%A7#list");
    expect(safeRedirectPath("/staff/shifts/12", "/staff")).toBe("/staff/shifts/12");
  });
  it.each([
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "",
    null,
    42,
    // tab, newline and carriage return, raw and percent-encoded (browsers drop them: "/\t/evil" is "//evil")
    "/\t/evil.example/x",
    "/%09/evil.example/x",
    "/\n/evil.example",
    "/%0A/evil.example",
    "/%0a/evil.example",
    "/%0D%0A/evil.example",
    "/staff\r\nSet-Cookie: x=1",
    // backslash, raw and encoded, and an encoded second slash
    "/%5Cevil.example",
    "/%5cevil.example",
    "/\\/evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    // NUL and other controls, malformed escapes, and something too long
    "/%00",
    "/\u0000staff",
    "/%E0%A4%A",
    `/${"a".repeat(2001)}`,
  ])(
    "refuses %s",
    (target) => {
      expect(safeRedirectPath(target, "/staff")).toBe("/staff");
    },
  );
});

describe("unsubscribe links", () => {
  const secret = "unit-test-secret-0123456789abcdef0123";

  it("name the person and the kind, and check out only with the server's secret", () => {
    const help = unsubscribeToken(secret, { kind: "help", volunteerId: 42 });
    expect(help).toMatch(/^help\.v42\.[A-Za-z0-9_-]{43}$/);
    expect(verifyUnsubscribeToken(secret, help)).toEqual({ kind: "help", volunteerId: 42 });
    const reader = unsubscribeToken(secret, { kind: "reminders", registrationId: 9 });
    expect(verifyUnsubscribeToken(secret, reader)).toEqual({ kind: "reminders", registrationId: 9 });
    expect(unsubscribeUrl(secret, new URL("https://library.example"), { kind: "reminders", volunteerId: 3 })).toMatch(/^https:\/\/library\.example\/unsubscribe\/reminders\.v3\./);
  });

  it("refuse a tampered or foreign token", () => {
    const token = unsubscribeToken(secret, { kind: "help", volunteerId: 42 });
    const signature = token.split(".")[2];
    expect(verifyUnsubscribeToken(secret, token.replace("v42", "v43"))).toBeNull();
    expect(verifyUnsubscribeToken(secret, token.replace("help", "reminders"))).toBeNull();
    expect(verifyUnsubscribeToken(secret, `help.v42.${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(verifyUnsubscribeToken("another-secret-0123456789abcdef0123", token)).toBeNull();
    expect(verifyUnsubscribeToken(secret, "")).toBeNull();
    expect(verifyUnsubscribeToken(secret, "../../etc/passwd")).toBeNull();
    // Registrations only get reminders: a signed "help" link for one means nothing.
    const oddity = unsubscribeToken(secret, { kind: "help", registrationId: 9 } as never);
    expect(verifyUnsubscribeToken(secret, oddity)).toBeNull();
  });
});

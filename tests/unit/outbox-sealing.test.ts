import { describe, expect, it } from "vitest";
import { openMessage } from "#app/modules/notifications/outbox.server.ts";
import { outboxSealer } from "#app/modules/notifications/sealing.server.ts";

const SECRET = "unit-test-secret-0123456789abcdef0123";

describe("sealing the outbox's secrets", () => {
  it("opens what it sealed, Chinese included; the sealed text shows nothing of it and differs every time", () => {
    const sealer = outboxSealer(SECRET);
    const link = "https://library.example/events/registration/abcDEF123_-xyz（报名）";
    const [a, b] = [sealer.seal(link), sealer.seal(link)];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^sealed:v1:[A-Za-z0-9_-]+$/);
    expect(a).not.toContain("abcDEF123");
    expect(outboxSealer(SECRET).open(a)).toBe(link);
  });

  it("refuses another secret's seal and a changed one, and passes on values written before sealing began", () => {
    const sealed = outboxSealer(SECRET).seal("123456");
    expect(() => outboxSealer("another-secret-0123456789abcdef01234").open(sealed)).toThrow();
    const raw = Buffer.from(sealed.slice("sealed:v1:".length), "base64url");
    raw[raw.length - 1] ^= 1;
    const flipped = `sealed:v1:${raw.toString("base64url")}`;
    expect(() => outboxSealer(SECRET).open(flipped)).toThrow();
    expect(outboxSealer(SECRET).open("https://library.example/x")).toBe("https://library.example/x");
  });

  it("opens a stored message's secret fields and invite, and leaves its other fields alone", () => {
    const sealer = outboxSealer(SECRET);
    const stored = { template: "event-registered", data: { name: "王芳", link: sealer.seal("https://l.example/t") }, ical: sealer.seal("BEGIN:VCALENDAR\r\nEND:VCALENDAR") };
    expect(openMessage(SECRET, stored)).toEqual({ template: "event-registered", data: { name: "王芳", link: "https://l.example/t" }, ical: "BEGIN:VCALENDAR\r\nEND:VCALENDAR" });
  });
});

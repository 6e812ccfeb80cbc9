// The cached Intl formatting of spans gives what luxon gives, in both languages and across DST.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { formatClockRange, formatTimeSpan } from "#app/lib/time.ts";

const luxonSpan = (s: Date, e: Date, zone: string, locale: string) => {
  const a = DateTime.fromJSDate(s, { zone }).setLocale(locale);
  const b = DateTime.fromJSDate(e, { zone }).setLocale(locale);
  return `${a.toLocaleString({ year: "numeric", month: "long", day: "numeric", weekday: "short" })} ${a.toFormat("HH:mm")}–${b.toFormat("HH:mm")}`;
};

describe("formatTimeSpan", () => {
  it("shows the day and wall times in the branch's zone", () => {
    const start = new Date("2026-12-05T01:00:00Z");
    const end = new Date("2026-12-05T04:30:00Z");
    expect(formatTimeSpan(start, end, "Asia/Shanghai", "zh-CN")).toBe("2026年12月5日周六 09:00–12:30");
    expect(formatTimeSpan(start, end, "Asia/Shanghai", "en")).toBe("Sat, December 5, 2026 09:00–12:30");
    expect(formatClockRange(start, end, "America/New_York")).toBe("20:00–23:30");
  });

  it("agrees with luxon for midnight, noon and both sides of the March DST change", () => {
    const instants = ["2027-03-13T16:00:00Z", "2027-03-14T06:59:00Z", "2027-03-14T07:00:00Z", "2027-03-14T04:00:00Z", "2026-12-31T16:00:00Z", "2026-06-01T23:59:00Z"].map((s) => new Date(s));
    for (const zone of ["Asia/Shanghai", "America/New_York", "Europe/London"]) {
      for (const locale of ["zh-CN", "en"]) {
        for (const s of instants) {
          const e = new Date(s.getTime() + 90 * 60_000);
          expect(formatTimeSpan(s, e, zone, locale)).toBe(luxonSpan(s, e, zone, locale));
          expect(formatTimeSpan(s.toISOString(), e.toISOString(), zone, locale)).toBe(luxonSpan(s, e, zone, locale));
        }
      }
    }
  });
});

// The one date form of each language (app/lib/time.ts): zh-CN "2026年12月3日", en "Dec 3, 2026" —
// the same whether the page has a calendar date (formatDate) or an instant placed in a zone
// (formatDay), and months to match (formatMonth).
import { describe, expect, it } from "vitest";
import { formatDate, formatDay, formatMonth } from "#app/lib/time.ts";

describe("formatDate", () => {
  it("writes a calendar date in each language's one form", () => {
    expect(formatDate("2026-12-03", "zh-CN")).toBe("2026年12月3日");
    expect(formatDate("2026-12-03", "en")).toBe("Dec 3, 2026");
    expect(formatDate("2027-01-01", "zh-CN")).toBe("2027年1月1日");
    expect(formatDate("2027-01-01", "en")).toBe("Jan 1, 2027");
  });

  it("does not move the date with the server's zone (a date is not an instant)", () => {
    const tz = process.env.TZ;
    try {
      for (const zone of ["America/Los_Angeles", "Asia/Shanghai", "Pacific/Kiritimati"]) {
        process.env.TZ = zone;
        expect(formatDate("2026-12-03", "zh-CN")).toBe("2026年12月3日");
      }
    } finally {
      process.env.TZ = tz;
    }
  });
});

describe("formatDay", () => {
  // 17:30 UTC on 3 December: the 4th in Shanghai, still the 3rd in New York and London.
  const instant = "2026-12-03T17:30:00Z";

  it("is the instant's date in the zone, in the same form as formatDate", () => {
    expect(formatDay(instant, "Asia/Shanghai", "zh-CN")).toBe("2026年12月4日");
    expect(formatDay(instant, "Asia/Shanghai", "en")).toBe("Dec 4, 2026");
    expect(formatDay(instant, "America/New_York", "zh-CN")).toBe("2026年12月3日");
    expect(formatDay(instant, "America/New_York", "en")).toBe("Dec 3, 2026");
    expect(formatDay(instant, "Asia/Shanghai", "en")).toBe(formatDate("2026-12-04", "en"));
    expect(formatDay(instant, "Europe/London", "zh-CN")).toBe(formatDate("2026-12-03", "zh-CN"));
  });

  it("adds the weekday when asked", () => {
    expect(formatDay(instant, "Asia/Shanghai", "zh-CN", true)).toBe("2026年12月4日周五");
    expect(formatDay(instant, "America/New_York", "en", true)).toBe("Thu, December 3, 2026");
  });
});

describe("formatMonth", () => {
  it("writes a month in the same form", () => {
    expect(formatMonth("2026-10", "zh-CN")).toBe("2026年10月");
    expect(formatMonth("2026-10", "en")).toBe("Oct 2026");
    expect(formatMonth("2026-10-01", "en")).toBe("Oct 2026");
  });
});

// The annual summary's "生成于 / generated" date is today where its branches are, not the UTC date:
// at 17:30 UTC on 3 December it is already 4 December in Shanghai.
import { describe, expect, it } from "vitest";
import { reportToday } from "#app/modules/reports/reports.server.ts";
import { formatDate } from "#app/lib/time.ts";

const now = new Date("2026-12-03T17:30:00Z");
const shanghai = { timezone: "Asia/Shanghai" };
const newYork = { timezone: "America/New_York" };

describe("reportToday", () => {
  it("is the branch's date, not the UTC date", () => {
    expect(now.toISOString().slice(0, 10)).toBe("2026-12-03");
    expect(reportToday([shanghai], "UTC", now)).toBe("2026-12-04");
    expect(reportToday([newYork], "Asia/Shanghai", now)).toBe("2026-12-03");
  });

  it("over branches in one zone is their zone; over several zones (or none) the library's default zone", () => {
    expect(reportToday([shanghai, shanghai], "UTC", now)).toBe("2026-12-04");
    expect(reportToday([shanghai, newYork], "Asia/Shanghai", now)).toBe("2026-12-04");
    expect(reportToday([shanghai, newYork], "America/New_York", now)).toBe("2026-12-03");
    expect(reportToday([], "Asia/Shanghai", now)).toBe("2026-12-04");
  });

  it("prints in each language's one date form", () => {
    expect(formatDate(reportToday([shanghai], "UTC", now), "zh-CN")).toBe("2026年12月4日");
    expect(formatDate(reportToday([shanghai], "UTC", now), "en")).toBe("Dec 4, 2026");
  });
});

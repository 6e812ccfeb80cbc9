import { describe, expect, it } from "vitest";
import { expandWeekly, wallInterval, wallTimeToInstant, weeklyDates } from "#app/lib/wall-time.ts";

const utc = (r: ReturnType<typeof wallTimeToInstant>) => (r.ok ? r.instant.toUTC().toISO() : r.error);

describe("wall times in a branch's zone", () => {
  it("reads Shanghai wall times (no DST) as UTC+8", () => {
    expect(utc(wallTimeToInstant("2026-11-25", "09:00", "Asia/Shanghai"))).toBe("2026-11-25T01:00:00.000Z");
  });

  it("refuses a New York time inside the spring-forward gap", () => {
    expect(wallTimeToInstant("2026-03-08", "02:30", "America/New_York")).toEqual({ ok: false, error: "nonexistent" });
    expect(utc(wallTimeToInstant("2026-03-08", "03:00", "America/New_York"))).toBe("2026-03-08T07:00:00.000Z");
  });

  it("takes the earlier instant of a time the autumn change repeats", () => {
    // 01:30 happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
    expect(utc(wallTimeToInstant("2026-11-01", "01:30", "America/New_York"))).toBe("2026-11-01T05:30:00.000Z");
  });

  it("refuses impossible dates and times, and an end before the start", () => {
    expect(wallTimeToInstant("2026-02-30", "09:00", "Asia/Shanghai")).toEqual({ ok: false, error: "invalid-date" });
    expect(wallTimeToInstant("2026-02-10", "24:00", "Asia/Shanghai")).toEqual({ ok: false, error: "invalid-time" });
    expect(wallInterval("2026-02-10", "12:00", "09:00", "Asia/Shanghai")).toEqual({ ok: false, error: "end-before-start", field: "end" });
  });
});

describe("weekly series", () => {
  it("lists the chosen weekdays from the start date until the end date or the count", () => {
    expect(weeklyDates({ startDate: "2026-11-25", weekdays: [1, 3], untilDate: "2026-12-07" })).toEqual(["2026-11-25", "2026-11-30", "2026-12-02", "2026-12-07"]);
    expect(weeklyDates({ startDate: "2026-11-25", weekdays: [6], count: 3 })).toEqual(["2026-11-28", "2026-12-05", "2026-12-12"]);
    expect(weeklyDates({ startDate: "2026-11-25", weekdays: [6] })).toEqual([]);
  });

  it("keeps 10:00 local on Saturdays across New York's March change", () => {
    const series = expandWeekly({ startDate: "2026-02-28", weekdays: [6], count: 3 }, "10:00", "12:00", "America/New_York");
    expect(series.ok && series.occurrences.map((o) => [o.localDate, o.start.toFormat("HH:mm"), o.start.toUTC().toFormat("HH:mm")])).toEqual([
      ["2026-02-28", "10:00", "15:00"],
      ["2026-03-07", "10:00", "15:00"],
      ["2026-03-14", "10:00", "14:00"],
    ]);
  });

  it("refuses the whole series when one occurrence falls in a gap, naming that date", () => {
    expect(expandWeekly({ startDate: "2026-03-01", weekdays: [7], count: 2 }, "02:30", "03:30", "America/New_York")).toEqual({ ok: false, error: "nonexistent", date: "2026-03-08" });
  });

  it("refuses more than 120 occurrences", () => {
    expect(expandWeekly({ startDate: "2026-01-01", weekdays: [1, 2, 3, 4, 5, 6, 7], untilDate: "2026-12-31" }, "09:00", "10:00", "Asia/Shanghai")).toEqual({ ok: false, error: "too-many" });
  });
});

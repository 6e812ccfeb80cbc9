import { describe, expect, it } from "vitest";
import { groupOpeningHours, weeklyOpenHours } from "#app/modules/branches/opening-hours.ts";
import { branches } from "#db/seed/library.ts";

describe("weekly opening hours", () => {
  it("counts the main library's 56 hours a week (BRIEF: open every day, 56 hours)", () => {
    const gulou = branches.find((b) => b.code === "GL")!;
    expect(weeklyOpenHours(gulou.opening_hours)).toBe(56);
  });

  it("adds split intervals and skips closed days", () => {
    expect(weeklyOpenHours({ tue: [["09:00", "12:00"], ["14:00", "17:30"]], sun: [["10:00", "10:45"]] })).toBe(7.25);
    expect(weeklyOpenHours({})).toBe(0);
  });

  it("refuses a malformed wall time instead of guessing", () => {
    expect(() => weeklyOpenHours({ mon: [["9am", "17:00"]] })).toThrow(/Not a wall time/);
  });

  it("groups consecutive days with the same hours", () => {
    const groups = groupOpeningHours({
      tue: [["09:00", "12:00"]], wed: [["09:00", "12:00"]], thu: [["09:00", "12:00"]],
      fri: [["09:00", "12:00"]], sat: [["09:00", "18:00"]], sun: [["09:00", "18:00"]],
    });
    expect(groups).toEqual([
      { from: "mon", to: "mon", intervals: [] },
      { from: "tue", to: "fri", intervals: [["09:00", "12:00"]] },
      { from: "sat", to: "sun", intervals: [["09:00", "18:00"]] },
    ]);
  });
});

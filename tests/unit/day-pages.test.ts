import { describe, expect, it } from "vitest";
import { groupByDay, pageByDay } from "#app/modules/shifts/day-pages.ts";

const shifts = ["2026-12-05", "2026-12-05", "2026-12-06", "2026-12-08", "2026-12-08", "2026-12-08"].map((localDate, id) => ({ id, localDate }));

describe("groupByDay", () => {
  it("keeps the order and puts each day's items under it", () => {
    expect(groupByDay(shifts).map((d) => [d.date, d.items.map((s) => s.id)])).toEqual([
      ["2026-12-05", [0, 1]],
      ["2026-12-06", [2]],
      ["2026-12-08", [3, 4, 5]],
    ]);
  });
});

describe("pageByDay", () => {
  it("cuts by count and groups each page by day, a day split across pages shown on both", () => {
    const second = pageByDay(shifts, 2, 4);
    expect(second).toMatchObject({ page: 2, pageCount: 2, total: 6 });
    expect(second.days.map((d) => [d.date, d.items.map((s) => s.id)])).toEqual([["2026-12-08", [4, 5]]]);
    expect(pageByDay(shifts, 1, 4).days.map((d) => d.date)).toEqual(["2026-12-05", "2026-12-06", "2026-12-08"]);
  });

  it("shows the last page for a page past the end and the first for nonsense", () => {
    expect(pageByDay(shifts, 9, 4).page).toBe(2);
    expect(pageByDay(shifts, 0, 4).page).toBe(1);
    expect(pageByDay([], 3, 4)).toEqual({ days: [], page: 1, pageCount: 1, total: 0 });
  });
});

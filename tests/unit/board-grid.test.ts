// The board's cells, packed as numbers and a table of texts, come out as the chips a coordinator
// reads: state in words, counts, waitlists, rooms, and whatever staff typed escaped.
import { describe, expect, it } from "vitest";
import type { ShiftState } from "#app/modules/board/board.server.ts";
import { cellRenderer, packCells, readGrid, type EventChip, type ShiftChip } from "#app/modules/board/grid.ts";

type Cell = { cell: string };
const shift = (cell: string, id: number, clock: string, roleId: number, booked: number, capacity: number, waitlisted: number, state: ShiftState): ShiftChip & Cell => ({ cell, id, clock, roleId, booked, capacity, waitlisted, state });
const event = (cell: string, id: number, clock: string, titleZh: string, titleEn: string, roomZh: string | null, roomEn: string | null, registered: number, capacity: number, waiting: number, helpersShort: number, cancelled: boolean): EventChip & Cell => ({
  cell, id, clock, titleZh, titleEn, roomZh, roomEn, registered, capacity, waiting, helpersShort, cancelled,
});
// Shifts and events each come in start order, as the board's queries give them.
const shifts = [
  shift("GL|2027-06-07", 486, "08:00–10:00", 1, 4, 4, 1, "full"),
  shift("GL|2027-06-07", 487, "08:00–10:00", 2, 1, 4, 0, "short"),
  shift("GL|2027-06-07", 488, "10:00–12:00", 3, 2, 4, 0, "open"),
  shift("DF|2027-06-08", 9, "13:00–15:00", 3, 0, 2, 0, "cancelled"),
];
const events = [
  event("GL|2027-06-07", 15, "08:00–10:00", "早读", "Early reading", null, null, 1, 10, 0, 0, false),
  event("GL|2027-06-07", 12, "09:00–10:00", "讲座 <b>&\"'", "Talk", "报告厅", null, 34, 40, 2, 0, false),
  event("DF|2027-06-08", 13, "10:00–11:00", "亲子", "Family", "少儿区", "Children's area", 0, 20, 0, 3, true),
  event("DF|2027-06-08", 14, "14:00–15:00", "沙龙", "Salon", null, null, 5, 20, 0, 3, false),
  event("XX|2027-06-09", 16, "10:00–11:00", "只有活动", "Events only", null, null, 0, 20, 0, 0, false),
];
const cellOf = (c: Cell) => c.cell;

const labels = {
  en: false,
  search: "?week=2027-06-07&branch=GL",
  roleName: (id: number) => ["", "图书整架", "读者咨询", "活动<助理>"][id],
  state: { short: "缺人", open: "有空位", full: "已满", cancelled: "已取消" },
  eventCount: ({ registered, capacity }: { registered: number; capacity: number }) => `报名 ${registered}/${capacity}`,
  eventHelpers: (count: number) => `缺 ${count} 名志愿者`,
};

describe("board grid", () => {
  const packed = packCells(shifts, cellOf, events, cellOf);
  const render = cellRenderer(labels, readGrid(packed));

  it("stores each repeated text once and no object per chip", () => {
    expect(packed.split("08:00–10:00").length - 1).toBe(1);
    const { c } = JSON.parse(packed) as { c: Record<string, unknown[]> };
    expect(Object.values(c).flat().every((n) => typeof n === "number")).toBe(true);
  });

  it("renders each shift with its state in words, booked/places and waitlist, in start order", () => {
    const html = render("GL|2027-06-07");
    expect(html.match(/<li>/g)).toHaveLength(5);
    expect(html).toContain('<a href="/staff/board/486?week=2027-06-07&amp;branch=GL" class="chip chip--full"><span class="chip__time">08:00–10:00</span> 图书整架 <span class="chip__count">4/4 +1</span> <span class="shift-state shift-state--full">已满</span></a>');
    expect(html).toContain('class="chip chip--short"');
    expect(html).toContain('<span class="shift-state shift-state--open">有空位</span>');
    // In start order; an event after the shifts that start with it or before it.
    const order = [...html.matchAll(/href="(\/staff\/(?:board|events)\/\d+)/g)].map((m) => m[1]);
    expect(order).toEqual(["/staff/board/486", "/staff/board/487", "/staff/events/15", "/staff/events/12", "/staff/board/488"]);
  });

  it("renders events with title, room, registrations and helpers still needed; escapes typed text", () => {
    const html = render("GL|2027-06-07");
    expect(html).toContain("讲座 &lt;b&gt;&amp;&quot;&#39;");
    expect(html).not.toContain("<b>");
    expect(html).toContain('<span class="muted"> · 报告厅</span>');
    expect(html).toContain("报名 34/40 +2");
    const other = render("DF|2027-06-08");
    expect(other).toContain('class="chip chip--event chip--cancelled"');
    expect(other).toContain('<span class="shift-state shift-state--cancelled">已取消</span>');
    expect(other).toContain("缺 3 名志愿者"); // the salon still needs helpers ...
    expect(other.split("缺 3 名志愿者").length - 1).toBe(1); // ... the cancelled family day does not
    expect(other).toContain("活动&lt;助理&gt;");
    expect(other).not.toContain(" · null");
  });

  it("uses English titles and rooms, falling back to the Chinese room name", () => {
    const en = cellRenderer({ ...labels, en: true }, readGrid(packed));
    expect(en("GL|2027-06-07")).toContain('<span class="chip__title">Talk</span><span class="muted"> · 报告厅</span>');
    expect(en("DF|2027-06-08")).toContain("Children&#39;s area");
  });

  it("renders a cell with only events, and nothing for an empty one", () => {
    expect(render("XX|2027-06-09")).toContain("只有活动");
    expect(render("DF|2027-06-09")).toBe("");
  });

  it("puts a shift cell's later events after its shifts", () => {
    const order = [...render("DF|2027-06-08").matchAll(/href="(\/staff\/(?:board|events)\/\d+)/g)].map((m) => m[1]);
    expect(order).toEqual(["/staff/events/13", "/staff/board/9", "/staff/events/14"]);
  });
});

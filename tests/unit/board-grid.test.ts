// The board's cells, packed as numbers and a table of texts, come out as the chips a coordinator
// reads: state in words, counts, waitlists, rooms, and whatever staff typed escaped.
import { describe, expect, it } from "vitest";
import { cellRenderer, packCells, readGrid, type Cells } from "#app/modules/board/grid.ts";

const cells: Cells = {
  "GL|2027-06-07": [
    [0, 486, "08:00–10:00", 1, 4, 4, 1, "full"],
    [1, 12, "09:00–10:00", "讲座 <b>&\"'", "Talk", "报告厅", null, 34, 40, 2, 0, false],
    [0, 487, "08:00–10:00", 2, 1, 4, 0, "short"],
    [0, 488, "10:00–12:00", 3, 2, 4, 0, "open"],
  ],
  "DF|2027-06-08": [
    [1, 13, "10:00–11:00", "亲子", "Family", "少儿区", "Children's area", 0, 20, 0, 3, true],
    [1, 14, "14:00–15:00", "沙龙", "Salon", null, null, 5, 20, 0, 3, false],
    [0, 9, "13:00–15:00", 3, 0, 2, 0, "cancelled"],
  ],
  "DF|2027-06-09": [],
};

const labels = {
  en: false,
  search: "?week=2027-06-07&branch=GL",
  roleName: (id: number) => ["", "图书整架", "读者咨询", "活动<助理>"][id],
  state: { short: "缺人", open: "有空位", full: "已满", cancelled: "已取消" },
  eventCount: ({ registered, capacity }: { registered: number; capacity: number }) => `报名 ${registered}/${capacity}`,
  eventHelpers: (count: number) => `缺 ${count} 名志愿者`,
};

describe("board grid", () => {
  const packed = packCells(cells);
  const render = cellRenderer(labels, readGrid(packed));

  it("stores each repeated text once and no object per chip", () => {
    expect(packed.split("08:00–10:00").length - 1).toBe(1);
    const { c } = JSON.parse(packed) as { c: Record<string, unknown[]> };
    expect(Object.values(c).flat().every((n) => typeof n === "number")).toBe(true);
  });

  it("renders each shift with its state in words, booked/places and waitlist, in start order", () => {
    const html = render("GL|2027-06-07");
    expect(html.match(/<li>/g)).toHaveLength(4);
    expect(html).toContain('<a href="/staff/board/486?week=2027-06-07&amp;branch=GL" class="chip chip--full"><span class="chip__time">08:00–10:00</span> 图书整架 <span class="chip__count">4/4 +1</span> <span class="shift-state shift-state--full">已满</span></a>');
    expect(html).toContain('class="chip chip--short"');
    expect(html).toContain('<span class="shift-state shift-state--open">有空位</span>');
    expect(html.indexOf("/staff/board/486")).toBeLessThan(html.indexOf("/staff/events/12"));
    expect(html.indexOf("/staff/events/12")).toBeLessThan(html.indexOf("/staff/board/487"));
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

  it("renders nothing for an empty or unknown cell", () => {
    expect(render("DF|2027-06-09")).toBe("");
    expect(render("XX|2027-06-07")).toBe("");
  });
});

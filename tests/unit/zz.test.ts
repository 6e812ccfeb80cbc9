import { it } from "vitest";
import { DateTime } from "luxon";
import { buildFeed, type CalendarItem } from "#app/modules/calendar/ical.server.ts";
it("x", () => {
  const items: CalendarItem[] = [];
  for (let i = 0; i < 1000; i++) {
    const start = DateTime.fromMillis(Date.UTC(2026, 0, 1) + i * 8 * 3600_000, { zone: "Asia/Shanghai" });
    items.push({ uid: `shift-${i}@x`, sequence: 0, start, end: start.plus({ hours: 2 }), summary: "图书整架 · 鼓楼图书馆", description: "notes", location: "鼓楼图书馆, 读者接待台, 南京市鼓楼区", url: "https://x.example/volunteer/schedule", organizer: { name: "鼓楼图书馆志愿者服务台", email: "a@b.c" }, attendee: { name: "陈晓", email: "v@x.com" }, cancelled: false, alarmMinutesBefore: 60 });
  }
  for (let r = 0; r < 5; r++) { const t0 = performance.now(); const s = buildFeed("x", items); console.log("buildFeed", (performance.now() - t0).toFixed(1), s.length); }
  const t1 = performance.now();
  for (let i = 0; i < 1000; i++) DateTime.fromJSDate(new Date(Date.UTC(2026, 0, 1) + i * 8 * 3600_000), { zone: "Asia/Shanghai" });
  console.log("fromJSDate x1000", (performance.now() - t1).toFixed(1));
});

// Invites checked by an independent parser (ical.js, the one Thunderbird uses).
import ICAL from "ical.js";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { buildFeed, buildInvite, calendarUid, type CalendarItem } from "#app/modules/calendar/ical.server.ts";
import { wallTimeToInstant } from "#app/lib/wall-time.ts";

function parse(ics: string) {
  const root = new ICAL.Component(ICAL.parse(ics));
  for (const vtz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  const events = root.getAllSubcomponents("vevent").map((c) => ({ component: c, event: new ICAL.Event(c) }));
  return { root, events };
}

const utc = (time: ICAL.Time) => time.toJSDate().toISOString();

function item(overrides: Partial<CalendarItem> = {}): CalendarItem {
  return {
    uid: calendarUid("shift", 42, "shuxiang.example"),
    sequence: 0,
    start: DateTime.fromISO("2026-12-05T09:00", { zone: "Asia/Shanghai" }),
    end: DateTime.fromISO("2026-12-05T12:00", { zone: "Asia/Shanghai" }),
    summary: "图书整架 · 鼓楼图书馆",
    location: "鼓楼图书馆 读者接待台",
    organizer: { name: "鼓楼图书馆志愿者服务台", email: "volunteers.gl@shuxiang.example" },
    attendee: { name: "陈晓", email: "volunteer01@example.com" },
    cancelled: false,
    alarmMinutesBefore: 24 * 60,
    ...overrides,
  };
}

describe("calendar invites", () => {
  it("a booking is a REQUEST at the right UTC instants, with a VTIMEZONE, organizer, attendee and alarm", () => {
    const { method, ics } = buildInvite(item(), new Date("2026-11-25T01:00:00Z"));
    expect(method).toBe("REQUEST");
    const { root, events } = parse(ics);
    expect(root.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(root.getAllSubcomponents("vtimezone").map((c) => c.getFirstPropertyValue("tzid"))).toEqual(["Asia/Shanghai"]);
    const [{ event, component }] = events;
    expect(event.uid).toBe("shift-42@shuxiang.example");
    expect(event.sequence).toBe(0);
    expect(utc(event.startDate)).toBe("2026-12-05T01:00:00.000Z");
    expect(utc(event.endDate)).toBe("2026-12-05T04:00:00.000Z");
    expect(event.startDate.zone?.tzid).toBe("Asia/Shanghai");
    expect(component.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(String(component.getFirstPropertyValue("organizer")).toLowerCase()).toBe("mailto:volunteers.gl@shuxiang.example");
    expect(String(component.getFirstPropertyValue("attendee")).toLowerCase()).toBe("mailto:volunteer01@example.com");
    expect(ics).toMatch(/DTSTAMP:20261125T010000Z/);
    const alarm = component.getFirstSubcomponent("valarm");
    expect(String(alarm?.getFirstPropertyValue("trigger"))).toBe("-P1D");
  });

  it("keeps the UID and raises SEQUENCE from request to update to cancel", () => {
    const request = parse(buildInvite(item({ sequence: 0 })).ics).events[0].event;
    const moved = item({ sequence: 1, start: DateTime.fromISO("2026-12-05T14:00", { zone: "Asia/Shanghai" }), end: DateTime.fromISO("2026-12-05T17:00", { zone: "Asia/Shanghai" }) });
    const update = parse(buildInvite(moved).ics).events[0].event;
    const cancel = buildInvite({ ...moved, sequence: 2, cancelled: true });
    const cancelled = parse(cancel.ics);
    expect(cancel.method).toBe("CANCEL");
    expect(cancelled.root.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(cancelled.events[0].component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(cancelled.events[0].component.getFirstSubcomponent("valarm")).toBeNull();
    expect(new Set([request.uid, update.uid, cancelled.events[0].event.uid]).size).toBe(1);
    expect([request.sequence, update.sequence, cancelled.events[0].event.sequence]).toEqual([0, 1, 2]);
    expect(utc(update.startDate)).toBe("2026-12-05T06:00:00.000Z");
  });

  it("keeps the local wall time across New York's March DST change", () => {
    const zone = "America/New_York";
    const before = DateTime.fromISO("2027-03-13T10:00", { zone });
    const after = before.plus({ weeks: 1 }); // calendar weeks, not 168 hours
    const ics = buildFeed("Jiuli", [
      item({ uid: "shift-1@x", start: before, end: before.plus({ hours: 2 }) }),
      item({ uid: "shift-2@x", start: after, end: after.plus({ hours: 2 }) }),
    ]);
    const { root, events } = parse(ics);
    expect(root.getFirstPropertyValue("method")).toBeNull();
    expect(events.map((e) => utc(e.event.startDate))).toEqual(["2027-03-13T15:00:00.000Z", "2027-03-20T14:00:00.000Z"]);
    expect(events.map((e) => e.event.startDate.hour)).toEqual([10, 10]);
  });

  it("a 10:00 shift in Tehran opens at 10:00 Tehran time (no summer time since 2022)", () => {
    const start = DateTime.fromISO("2027-06-15T10:00", { zone: "Asia/Tehran" });
    const { events } = parse(buildInvite(item({ start, end: start.plus({ hours: 3 }) })).ics);
    expect(utc(events[0].event.startDate)).toBe("2027-06-15T06:30:00.000Z");
    expect(events[0].event.startDate.hour).toBe(10);
  });

  it("a shift at 02:30 in the hour that repeats reaches the calendar at the app's (earlier) instant", () => {
    const zone = "Europe/Berlin";
    const start = wallTimeToInstant("2027-10-31", "02:30", zone);
    const end = wallTimeToInstant("2027-10-31", "05:00", zone);
    if (!start.ok || !end.ok) throw new Error("wall time refused");
    expect(start.instant.toUTC().toISO()).toBe("2027-10-31T00:30:00.000Z"); // summer time, the first 02:30
    const { ics } = buildInvite(item({ start: start.instant, end: end.instant }));
    const { events } = parse(ics);
    expect(utc(events[0].event.startDate)).toBe("2027-10-31T00:30:00.000Z");
    expect(utc(events[0].event.endDate)).toBe("2027-10-31T04:00:00.000Z");
    expect(ics).toMatch(/DTSTART:20271031T003000Z/);
    // The hours around it keep their zone.
    const before = DateTime.fromISO("2027-10-30T02:30", { zone });
    expect(buildInvite(item({ start: before, end: before.plus({ hours: 2 }) })).ics).toMatch(/DTSTART;TZID=Europe\/Berlin:20271030T023000/);
  });
});

describe("calendar feeds", () => {
  it("ask subscribed calendars to refresh hourly", () => {
    const ics = buildFeed("Jiuli", [item()]);
    expect(ics).toContain("REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n");
    expect(ics).toContain("X-PUBLISHED-TTL:PT1H\r\n");
    expect(buildInvite(item()).ics).not.toContain("REFRESH-INTERVAL");
  });

  it("fold long Chinese lines at 75 octets without splitting a character, and read back whole", () => {
    const summary = "儿童绘本共读志愿服务（周末亲子专场）".repeat(6);
    const description = "带上借书证📚，穿舒适的鞋👟。".repeat(10);
    const ics = buildFeed("鼓楼图书馆 · 阅读活动".repeat(5), [item({ summary, description })]);
    for (const line of ics.split("\r\n")) {
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/); // no emoji cut in half
    }
    const { root, events } = parse(ics);
    expect(root.getFirstPropertyValue("x-wr-calname")).toBe("鼓楼图书馆 · 阅读活动".repeat(5));
    expect(events[0].event.summary).toBe(summary);
    expect(events[0].event.description).toBe(description);
  });
});

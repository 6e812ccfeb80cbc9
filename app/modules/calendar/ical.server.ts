// Calendar files (RFC 5545) and invites (RFC 5546). Times go in as luxon DateTimes in the branch's
// zone, so DTSTART/DTEND carry that zone (with its VTIMEZONE) and the wall time people expect —
// except a wall time in the hour that repeats when clocks go back: "02:30" there names two
// instants, and calendars (ical.js) read the later one while the app means the earlier
// (wall-time.ts), so such an entry is written in UTC, which names one.
import ical, { ICalAlarmType, ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { DateTime } from "luxon";
import { isRepeatedWallTime } from "#app/lib/wall-time.ts";
import { vtimezone, zoneChanges } from "./vtimezone.ts";

export type CalendarItemKind = "shift" | "interview" | "training" | "registration" | "event";

/** The same UID in every email and feed about one item, for its whole life. */
export function calendarUid(kind: CalendarItemKind, id: number | string, host: string): string {
  return `${kind}-${id}@${host}`;
}

export interface CalendarItem {
  uid: string;
  /** The item's own change counter: higher on every change of time or place, and on cancellation. */
  sequence: number;
  start: DateTime;
  end: DateTime;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  /** The branch's volunteer desk; null only in feeds, for items planned before it was required. */
  organizer: { name: string; email: string } | null;
  /** Absent in a public feed (no one person's calendar). */
  attendee?: { name: string; email: string };
  cancelled: boolean;
  /** Minutes before the start for the calendar's own reminder. */
  alarmMinutesBefore?: number;
}

/** What a personal feed keeps: entries that end after `from`; cancelled ones only when cancelled
 * after `cancelledSince` (long enough for subscribed calendars to see them go). */
export interface FeedWindow {
  from: Date;
  cancelledSince: Date;
}

const PROD_ID = { company: "Shuxiang", product: "Shuxiang library volunteers", language: "ZH" };
const DAY = 86_400_000;
/** How often a subscribed calendar should fetch a feed again. */
const FEED_REFRESH_SECONDS = 3600;

/** The whole years the VTIMEZONEs cover: one before the earliest item to two after the latest. */
function zoneYears(items: CalendarItem[]): { from: number; to: number } {
  const now = new Date().getUTCFullYear();
  let [from, to] = [now, now];
  for (const item of items) {
    from = Math.min(from, new Date(item.start.toMillis()).getUTCFullYear());
    to = Math.max(to, new Date(item.end.toMillis()).getUTCFullYear());
  }
  return { from: from - 1, to: to + 2 };
}

function calendar(items: CalendarItem[], method: ICalCalendarMethod | null, name?: string) {
  const years = zoneYears(items);
  return {
    years,
    cal: ical({
      prodId: PROD_ID,
      method,
      name: name ?? null,
      ttl: method === null ? FEED_REFRESH_SECONDS : null,
      // A VTIMEZONE for every zone used; DTSTAMP stays in UTC.
      timezone: { name: null, generator: (zone: string) => vtimezone(zone, years.from, years.to) },
    }),
  };
}

/** Whether a wall time repeats: only asked of wall-time.ts within a day of a change that turns clocks back. */
function repeats(instant: DateTime, years: { from: number; to: number }): boolean {
  if (instant.zone.isUniversal) return false;
  const ms = instant.toMillis();
  const near = zoneChanges(instant.zoneName ?? "UTC", years.from, years.to).some((c) => c.to < c.from && Math.abs(ms - c.at) < DAY);
  return near && isRepeatedWallTime(instant);
}

function addEvent(cal: ReturnType<typeof ical>, item: CalendarItem, stamp: Date, years: { from: number; to: number }) {
  const inUtc = repeats(item.start, years) || repeats(item.end, years);
  const event = cal.createEvent({
    id: item.uid,
    sequence: item.sequence,
    start: inUtc ? item.start.toUTC() : item.start,
    end: inUtc ? item.end.toUTC() : item.end,
    timezone: inUtc ? null : item.start.zoneName,
    stamp,
    summary: item.summary,
    description: item.description ?? null,
    location: item.location ?? null,
    url: item.url ?? null,
    status: item.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: item.organizer ? { name: item.organizer.name, email: item.organizer.email } : null,
    attendees: item.attendee
      ? [
          {
            name: item.attendee.name,
            email: item.attendee.email,
            role: ICalAttendeeRole.REQ,
            status: item.cancelled ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
            rsvp: false,
          },
        ]
      : [],
  });
  if (item.alarmMinutesBefore && !item.cancelled) {
    event.createAlarm({ type: ICalAlarmType.display, trigger: item.alarmMinutesBefore * 60, description: item.summary });
  }
  return event;
}

/** An invite for one person: REQUEST for a booking or change, CANCEL for a cancellation or removal. */
export function buildInvite(item: CalendarItem, stamp: Date = new Date()): { method: "REQUEST" | "CANCEL"; ics: string } {
  const method = item.cancelled ? "CANCEL" : "REQUEST";
  const { cal, years } = calendar([item], ICalCalendarMethod[method]);
  addEvent(cal, item, stamp, years);
  return { method, ics: cal.toString() };
}

/** Folds a content line to 75 octets (RFC 5545 3.1), leaving short ones as they are. */
function foldLine(line: string): string {
  // 24 characters are at most 72 octets in UTF-8 (surrogate pairs count as two).
  if (line.length <= 24 || Buffer.byteLength(line) <= 75) return line;
  let folded = "";
  let [start, octets] = [0, 0];
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? 4 : 3;
    if (octets + size > 75) {
      folded += line.slice(start, i) + "\r\n ";
      [start, octets] = [i, 1];
    }
    octets += size;
    if (size === 4) i++;
  }
  return folded + line.slice(start);
}

/**
 * A subscription feed (no METHOD: calendars treat it as published data, not an invitation),
 * with the refresh interval calendars should keep.
 *
 * ical-generator writes each entry; the file around them is put together here, because its own
 * toString() folds the whole text one character at a time wherever a line holds a non-ASCII
 * character — every Chinese line — which with the garbage it leaves was two thirds of the time of
 * a feed of 1,000 entries (docs/decisions/0012).
 */
export function buildFeed(name: string, items: CalendarItem[], stamp: Date = new Date()): string {
  const { cal, years } = calendar(items, null, name);
  const frame = cal.toString();
  const events = items.map((item) => addEvent(cal, item, stamp, years));
  const zones = new Set(events.map((e) => e.timezone()).filter((zone) => zone !== null));
  const parts = [frame.slice(0, frame.lastIndexOf("END:VCALENDAR"))];
  for (const zone of zones) {
    const block = vtimezone(zone, years.from, years.to);
    if (block) parts.push(block, "\r\n");
  }
  for (const event of events) parts.push(event.toString().split("\r\n").map(foldLine).join("\r\n"));
  parts.push("END:VCALENDAR");
  return parts.join("");
}

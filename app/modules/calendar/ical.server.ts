// Calendar files (RFC 5545) and invites (RFC 5546). Times go in as luxon DateTimes in the branch's
// zone, so DTSTART/DTEND carry that zone (with its VTIMEZONE) and the wall time people expect.
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, { ICalAlarmType, ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { DateTime } from "luxon";

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

const PROD_ID = { company: "Shuxiang", product: "Shuxiang library volunteers", language: "ZH" };

function calendar(method: ICalCalendarMethod | null, name?: string) {
  return ical({
    prodId: PROD_ID,
    method,
    name: name ?? null,
    // A VTIMEZONE for every zone used; DTSTAMP stays in UTC.
    timezone: { name: null, generator: getVtimezoneComponent },
  });
}

function addEvent(cal: ReturnType<typeof ical>, item: CalendarItem, stamp: Date) {
  const event = cal.createEvent({
    id: item.uid,
    sequence: item.sequence,
    start: item.start,
    end: item.end,
    timezone: item.start.zoneName,
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
  const cal = calendar(ICalCalendarMethod[method]);
  addEvent(cal, item, stamp);
  return { method, ics: cal.toString() };
}

/** A subscription feed (no METHOD: calendars treat it as published data, not an invitation). */
export function buildFeed(name: string, items: CalendarItem[], stamp: Date = new Date()): string {
  const cal = calendar(null, name);
  for (const item of items) addEvent(cal, item, stamp);
  return cal.toString();
}

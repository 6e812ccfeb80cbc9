// A branch's wall display: today's shifts and who is on, the events on now and next, and the
// places still short — what the desk and passers-by need to see from across the room. Names only:
// no phone, no email (the screen hangs in a public hall).
import type { Kysely } from "kysely";
import type { Database } from "#db/schema.ts";
import { todaysEvents } from "#app/modules/events/queries.server.ts";
import { checkInSheet } from "#app/modules/shifts/attendance.server.ts";
import { todayIn } from "#app/modules/shifts/queries.server.ts";

export type OnDuty = "on" | "expected" | "done" | "absent";

export interface DisplayShift {
  id: number;
  startsAt: Date;
  endsAt: Date;
  roleZh: string;
  roleEn: string;
  capacity: number;
  /** Places nobody has booked yet. */
  short: number;
  people: Array<{ name: string; state: OnDuty }>;
  /** The shift is under way at the moment the display was drawn, or already over. */
  now: boolean;
  over: boolean;
}

export interface DisplayEvent {
  id: number;
  titleZh: string;
  titleEn: string;
  roomZh: string | null;
  roomEn: string | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  /** Places still free (0 when full; the waitlist is not counted here). */
  free: number;
}

export interface WallDisplay {
  today: string;
  shifts: DisplayShift[];
  eventsNow: DisplayEvent[];
  eventsNext: DisplayEvent[];
  /** Unbooked places over the shifts that have not ended yet today. */
  shortPlaces: number;
}

/** How many of the day's coming events the display lists under "next". */
export const NEXT_EVENTS = 4;

export async function wallDisplay(db: Kysely<Database>, branch: { code: string; timezone: string }, now: Date = new Date()): Promise<WallDisplay> {
  const today = todayIn(branch.timezone, now);
  const dayStart = new Date(`${today}T00:00:00Z`);
  const [sheet, events] = await Promise.all([
    checkInSheet(db, branch.code, today),
    // The branch's local day lies within 14 h before and 38 h after 00:00 UTC of its date.
    todaysEvents(db, [branch.code], new Date(dayStart.getTime() - 14 * 3600_000), new Date(dayStart.getTime() + 38 * 3600_000)),
  ]);
  const shifts: DisplayShift[] = sheet.map((s) => ({
    id: s.id,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    roleZh: s.roleZh,
    roleEn: s.roleEn,
    capacity: s.capacity,
    short: Math.max(0, s.capacity - s.booked),
    now: s.startsAt <= now && now < s.endsAt,
    over: s.endsAt <= now,
    // After the shift, someone who checked in and never out served to its end (hours count so).
    people: s.people.map((p) => ({
      name: p.name,
      state: p.noShow ? "absent" : p.checkedOutAt || (p.checkedInAt && s.endsAt <= now) ? "done" : p.checkedInAt ? "on" : "expected",
    })),
  }));
  const todays = events
    .filter((e) => todayIn(e.timezone, new Date(e.starts_at)) === today && new Date(e.ends_at) > now)
    .map(
      (e): DisplayEvent => ({
        id: e.id,
        titleZh: e.title_zh,
        titleEn: e.title_en,
        roomZh: e.room_zh ?? e.place,
        roomEn: e.room_en ?? e.place,
        startsAt: new Date(e.starts_at),
        endsAt: new Date(e.ends_at),
        capacity: e.capacity,
        free: Math.max(0, e.capacity - e.registered),
      }),
    );
  return {
    today,
    shifts,
    eventsNow: todays.filter((e) => e.startsAt <= now),
    eventsNext: todays.filter((e) => e.startsAt > now).slice(0, NEXT_EVENTS),
    shortPlaces: shifts.filter((s) => s.endsAt > now).reduce((sum, s) => sum + s.short, 0),
  };
}

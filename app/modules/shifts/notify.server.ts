// Messages about one booking, written in the caller's transaction: the email (in the volunteer's
// language) and, for everything that changes their calendar, an invite with the shift's stable UID
// and the booking's own SEQUENCE (it grows on every booking, change and cancellation).
import { sql, type Kysely } from "kysely";
import type { Database } from "#db/schema.ts";
import type { ShiftMessageData, ShiftMessageKind } from "#emails/shift.tsx";
import { calendarUid, type CalendarItem } from "#app/modules/calendar/ical.server.ts";
import { deskInvite, deskOrganizer, VENUE_COLUMNS, venueLocation, venueTimes, type VenueRow } from "#app/modules/calendar/venue.server.ts";
import { queueMessage, queueMessages, type NewMessage } from "#app/modules/notifications/outbox.server.ts";
import type { Trx } from "#app/lib/db.server.ts";
import type { AppDeps } from "#app/lib/deps.server.ts";

const CANCELLING: ReadonlySet<ShiftMessageKind> = new Set(["shift-cancelled", "shift-removed", "booking-cancelled"]);

export interface NotifyOptions {
  reason?: string | null;
  late?: boolean;
  previous?: { start: Date; end: Date };
  leadHours?: number;
  /** False for people who only waited on the list: their calendar never had the shift. */
  invite?: boolean;
  /** The booking as the caller already read it (saves a query); the caller also set notified_at. */
  preloaded?: BookingCalendarRow;
}

/** The shift as one volunteer's calendar item (used by invites and the personal feed). */
export function shiftCalendarItem(
  row: BookingCalendarRow,
  host: string,
  baseUrl: URL,
  cancelled: boolean,
): CalendarItem {
  const en = row.language === "en";
  return {
    uid: calendarUid("shift", row.shift_id, host),
    sequence: row.sequence,
    ...venueTimes(row),
    summary: `${en ? row.role_en : row.role_zh} · ${en ? row.branch_en : row.branch_zh}`,
    description: row.notes || undefined,
    location: venueLocation(row, en),
    url: new URL("/volunteer/schedule", baseUrl).href,
    organizer: deskOrganizer(row, en),
    attendee: { name: row.volunteer_name, email: row.volunteer_email },
    cancelled,
    alarmMinutesBefore: 60,
  };
}

export interface BookingCalendarRow extends VenueRow {
  booking_id: number;
  shift_id: number;
  sequence: number;
  status: string;
  starts_at: Date;
  ends_at: Date;
  notes: string;
  role_zh: string;
  role_en: string;
  volunteer_id: number;
  volunteer_name: string;
  volunteer_email: string;
  language: "zh-CN" | "en";
}

/** Bookings with everything a message or calendar entry about them shows. */
export function bookingCalendarQuery(db: Kysely<Database>) {
  return db
    .selectFrom("shuxiang.bookings as b")
    .innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
    .innerJoin("shuxiang.roles as r", "r.id", "s.role_id")
    .innerJoin("library.branches as br", "br.code", "s.branch_code")
    .innerJoin("shuxiang.volunteers as v", "v.id", "b.volunteer_id")
    .leftJoin("shuxiang.rooms as rm", "rm.id", "s.room_id")
    .leftJoin("shuxiang.branch_settings as bs", "bs.branch_code", "s.branch_code")
    .select([
      "b.id as booking_id",
      "s.id as shift_id",
      "b.sequence",
      "b.status",
      "s.starts_at",
      "s.ends_at",
      "s.notes",
      ...VENUE_COLUMNS,
      "r.name_zh as role_zh",
      "r.name_en as role_en",
      "v.id as volunteer_id",
      "v.name as volunteer_name",
      "v.email as volunteer_email",
      "v.language",
    ]);
}

export async function notifyBooking(trx: Trx, deps: AppDeps, bookingId: number, kind: ShiftMessageKind, options: NotifyOptions = {}): Promise<void> {
  const row = options.preloaded ?? ((await bookingCalendarQuery(trx).where("b.id", "=", bookingId).executeTakeFirstOrThrow()) as BookingCalendarRow);
  await queueMessage(trx, deps, bookingMessage(deps, row, kind, options));
  if (kind !== "shift-reminder" && !options.preloaded) {
    await sql`UPDATE shuxiang.bookings SET notified_at = now() WHERE id = ${bookingId}`.execute(trx);
  }
}

/**
 * The same message to many bookings (a cancelled or moved shift's volunteers): one query for the
 * bookings, one statement for the messages. `options` may differ per booking.
 */
export async function notifyBookings(
  trx: Trx,
  deps: AppDeps,
  bookingIds: readonly number[],
  kind: Exclude<ShiftMessageKind, "shift-reminder">,
  options: NotifyOptions | ((bookingId: number) => NotifyOptions) = {},
): Promise<void> {
  if (bookingIds.length === 0) return;
  const rows = (await bookingCalendarQuery(trx).where("b.id", "in", [...bookingIds]).execute()) as BookingCalendarRow[];
  const optionsOf = typeof options === "function" ? options : () => options;
  await queueMessages(trx, deps, rows.map((row) => bookingMessage(deps, row, kind, optionsOf(row.booking_id))));
  await sql`UPDATE shuxiang.bookings SET notified_at = now() WHERE id = ANY(${[...bookingIds]}::bigint[])`.execute(trx);
}

/** The shift as every message about it shows it: role, branch, room, address, time, notes. */
export function shiftMessagePart(row: {
  role_zh: string;
  role_en: string;
  branch_zh: string;
  branch_en: string;
  room_zh: string | null;
  room_en: string | null;
  address_zh: string;
  address_en: string;
  starts_at: Date | string;
  ends_at: Date | string;
  timezone: string;
  notes: string;
}): Pick<ShiftMessageData, "role" | "branch" | "room" | "address" | "start" | "end" | "zone" | "notes"> {
  return {
    role: { zh: row.role_zh, en: row.role_en },
    branch: { zh: row.branch_zh, en: row.branch_en },
    room: row.room_zh ? { zh: row.room_zh, en: row.room_en ?? row.room_zh } : null,
    address: { zh: row.address_zh, en: row.address_en },
    start: new Date(row.starts_at).toISOString(),
    end: new Date(row.ends_at).toISOString(),
    zone: row.timezone,
    notes: row.notes,
  };
}

function bookingMessage(deps: AppDeps, row: BookingCalendarRow, kind: ShiftMessageKind, options: NotifyOptions): NewMessage<ShiftMessageKind> {
  const host = deps.publicUrl.hostname;
  const data: ShiftMessageData = {
    name: row.volunteer_name,
    ...shiftMessagePart(row),
    previousStart: options.previous?.start.toISOString(),
    previousEnd: options.previous?.end.toISOString(),
    reason: options.reason ?? null,
    late: options.late,
    leadHours: options.leadHours,
    url: new URL("/volunteer/schedule", deps.publicUrl).href,
    unsubscribe: kind === "shift-reminder" ? { kind: "reminders", volunteerId: row.volunteer_id } : undefined,
  };
  const withInvite = kind !== "shift-reminder" && options.invite !== false;
  const calendar = withInvite ? deskInvite(shiftCalendarItem(row, host, deps.publicUrl, CANCELLING.has(kind))) : undefined;
  return {
    to: { email: row.volunteer_email, name: row.volunteer_name, language: row.language },
    template: kind,
    data,
    calendar,
    idempotencyKey: kind === "shift-reminder" ? `reminder:${row.booking_id}:${options.leadHours}:${data.start}` : `booking:${row.booking_id}:${kind}:${row.sequence}`,
  };
}

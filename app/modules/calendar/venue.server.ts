// Where something happens, as every message and calendar entry shows it: the branch, an optional
// room and free-text place, the address, and the branch's volunteer desk as the organiser.
import { DateTime } from "luxon";
import { knownChangesZone } from "./vtimezone.ts";

/** The columns a query selects (aliases br = branch, rm = room, bs = branch settings). */
export const VENUE_COLUMNS = [
  "br.timezone",
  "br.name_zh as branch_zh",
  "br.name_en as branch_en",
  "br.address_zh",
  "br.address_en",
  "rm.name_zh as room_zh",
  "rm.name_en as room_en",
  "bs.desk_email",
] as const;

export interface VenueRow {
  timezone: string;
  branch_zh: string;
  branch_en: string;
  address_zh: string;
  address_en: string;
  room_zh: string | null;
  room_en: string | null;
  desk_email: string | null;
}

/** Room and place, in one language ("" when neither is set). */
export function venuePlace(row: VenueRow & { place?: string | null }, en: boolean): string {
  return [row.room_zh ? (en ? row.room_en : row.room_zh) : null, row.place || null].filter(Boolean).join(" · ");
}

/** The calendar's LOCATION: branch, room or place, address. */
export function venueLocation(row: VenueRow & { place?: string | null }, en: boolean): string {
  return [en ? row.branch_en : row.branch_zh, venuePlace(row, en), en ? row.address_en : row.address_zh].filter(Boolean).join(", ");
}

/** The branch's volunteer desk as ORGANIZER. */
export function deskOrganizer(row: VenueRow, en: boolean, fallbackDeskEmail: string): { name: string; email: string } {
  return { name: en ? `${row.branch_en} volunteer desk` : `${row.branch_zh}志愿者服务台`, email: row.desk_email ?? fallbackDeskEmail };
}

/** Start and end in the branch's zone. */
export function venueTimes(row: { timezone: string; starts_at: Date; ends_at: Date }): { start: DateTime; end: DateTime } {
  const zone = knownChangesZone(row.timezone);
  return { start: DateTime.fromJSDate(new Date(row.starts_at), { zone }), end: DateTime.fromJSDate(new Date(row.ends_at), { zone }) };
}

// Where something happens, as every message and calendar entry shows it: the branch, an optional
// room and free-text place, the address, and the branch's volunteer desk as the organiser.
import { DateTime } from "luxon";
import { buildInvite, type CalendarItem } from "./ical.server.ts";
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

/**
 * The branch's volunteer desk as ORGANIZER, so that a reply from a calendar app reaches people who
 * read it. Nothing is planned at a branch without a desk address; null is left only for items
 * planned before that rule (docs/decisions/0013).
 */
export function deskOrganizer(row: VenueRow, en: boolean): { name: string; email: string } | null {
  if (!row.desk_email) return null;
  return { name: en ? `${row.branch_en} volunteer desk` : `${row.branch_zh}志愿者服务台`, email: row.desk_email };
}

/** The invite (REQUEST or CANCEL) for an item; none without an organiser, and the email goes alone. */
export function deskInvite(item: CalendarItem): ReturnType<typeof buildInvite> | undefined {
  return item.organizer ? buildInvite(item) : undefined;
}

/** Where someone cancels an item that has no page of their own for it: an email to the branch's desk. */
export function deskCancel(row: VenueRow): { place: "desk"; href: string } | undefined {
  return row.desk_email ? { place: "desk", href: `mailto:${row.desk_email}` } : undefined;
}

/** Start and end in the branch's zone. */
export function venueTimes(row: { timezone: string; starts_at: Date; ends_at: Date }): { start: DateTime; end: DateTime } {
  const zone = knownChangesZone(row.timezone);
  return { start: DateTime.fromJSDate(new Date(row.starts_at), { zone }), end: DateTime.fromJSDate(new Date(row.ends_at), { zone }) };
}

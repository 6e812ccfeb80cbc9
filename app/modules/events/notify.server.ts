// Messages about one registration, written in the caller's transaction: the email in the reader's
// language and, when it changes their calendar, an invite with the registration's stable UID
// (registration-<id>) and its own SEQUENCE, which grows on every change and on cancellation.
import crypto from "node:crypto";
import { EVENT_CANCELLING, type EventMessageData, type EventMessageKind } from "#emails/event.tsx";
import type { Locale } from "#db/schema.ts";
import { calendarUid, type CalendarItem, type FeedWindow } from "#app/modules/calendar/ical.server.ts";
import { deskInvite, deskOrganizer, VENUE_COLUMNS, venueLocation, venueTimes, type VenueRow } from "#app/modules/calendar/venue.server.ts";
import { hashToken } from "#app/lib/tokens.server.ts";
import { queueMessage, queueMessages, type NewMessage } from "#app/modules/notifications/outbox.server.ts";
import type { Trx } from "#app/lib/db.server.ts";
import type { AppDeps } from "#app/lib/deps.server.ts";

/** A registration's private link token: keyed with the server secret, stored only as its hash. */
export function registrationToken(secret: string, nonce: string): string {
  return crypto.createHmac("sha256", secret).update(`registration:${nonce}`).digest("base64url");
}

export function newRegistrationToken(secret: string): { nonce: string; token: string; hash: string } {
  const nonce = crypto.randomBytes(18).toString("base64url");
  const token = registrationToken(secret, nonce);
  return { nonce, token, hash: hashToken(token) };
}

export interface RegistrationRow extends VenueRow {
  registration_id: number;
  event_id: number;
  kind: "person" | "group";
  volunteer_id: number | null;
  status: string;
  sequence: number;
  places: number;
  name: string;
  email: string | null;
  language: Locale;
  token_nonce: string;
  event_status: string;
  starts_at: Date;
  ends_at: Date;
  place: string;
  title_zh: string;
  title_en: string;
  description_zh: string;
  description_en: string;
  accessibility_zh: string;
  accessibility_en: string;
}

/** Registrations with everything a message, an invite or a feed entry shows. */
export function registrationQuery(db: Pick<AppDeps, "db">["db"] | Trx) {
  return db
    .selectFrom("shuxiang.registrations as g")
    .innerJoin("shuxiang.events as ev", "ev.id", "g.event_id")
    .innerJoin("library.branches as br", "br.code", "ev.branch_code")
    .leftJoin("shuxiang.rooms as rm", "rm.id", "ev.room_id")
    .leftJoin("shuxiang.branch_settings as bs", "bs.branch_code", "ev.branch_code")
    .select([
      ...VENUE_COLUMNS,
      "g.id as registration_id",
      "g.event_id",
      "g.kind",
      "g.volunteer_id",
      "g.status",
      "g.sequence",
      "g.places",
      "g.name",
      "g.email",
      "g.language",
      "g.token_nonce",
      "ev.status as event_status",
      "ev.starts_at",
      "ev.ends_at",
      "ev.place",
      "ev.title_zh",
      "ev.title_en",
      "ev.description_zh",
      "ev.description_en",
      "ev.accessibility_zh",
      "ev.accessibility_en",
    ]);
}

export function registrationLink(deps: Pick<AppDeps, "publicUrl" | "secret">, nonce: string): string {
  return new URL(`/events/registration/${registrationToken(deps.secret, nonce)}`, deps.publicUrl).href;
}

/** What the event is, then its accessibility notes, in the reader's language (English falls back to Chinese). */
function eventDescription(r: RegistrationRow, en: boolean): string | undefined {
  const description = en ? r.description_en || r.description_zh : r.description_zh;
  const accessibility = en ? r.accessibility_en || r.accessibility_zh : r.accessibility_zh;
  return [description, accessibility].filter(Boolean).join("\n\n") || undefined;
}

/** The registration as the reader's calendar item (invites and the branch feed share the event's times). */
export function registrationCalendarItem(r: RegistrationRow, deps: Pick<AppDeps, "publicUrl" | "secret">, cancelled: boolean): CalendarItem {
  const en = r.language === "en";
  return {
    uid: calendarUid("registration", r.registration_id, deps.publicUrl.hostname),
    sequence: r.sequence,
    ...venueTimes(r),
    summary: en ? r.title_en : r.title_zh,
    description: eventDescription(r, en),
    location: venueLocation(r, en),
    url: registrationLink(deps, r.token_nonce),
    organizer: deskOrganizer(r, en),
    // A registration made at the desk may have no email: then the file names no attendee.
    attendee: r.email ? { name: r.name, email: r.email } : undefined,
    cancelled,
    alarmMinutesBefore: 60,
  };
}

/** A volunteer's event registrations for their personal feed (cancelled ones kept `since`). */
export async function registrationFeedItems(db: AppDeps["db"], volunteerId: number, window: FeedWindow, options: { baseUrl: URL }): Promise<CalendarItem[]> {
  const rows = (await registrationQuery(db)
    .select(["g.cancelled_at", "g.confirmed_at"])
    .where("g.volunteer_id", "=", volunteerId)
    .where("ev.ends_at", ">", window.from)
    .where((eb) => eb.or([eb.and([eb("g.status", "=", "confirmed"), eb("ev.status", "=", "scheduled")]), eb.and([eb("g.confirmed_at", "is not", null), eb("g.cancelled_at", ">", window.cancelledSince)])]))
    .orderBy("ev.starts_at")
    .execute()) as Array<RegistrationRow & { cancelled_at: Date | null }>;
  // The feed carries no private link (a feed can be shared): the event's public page instead.
  return rows.map((r) => ({
    ...registrationCalendarItem(r, { publicUrl: options.baseUrl, secret: "" }, r.status !== "confirmed" || r.event_status !== "scheduled"),
    url: new URL(`/events/${r.event_id}`, options.baseUrl).href,
  }));
}

export interface EventNotifyOptions {
  previous?: { start: Date; end: Date };
  reason?: string | null;
  position?: number;
  leadHours?: number;
  /** False for people who never had the event in their calendar (waitlisted, requested). */
  invite?: boolean;
}

/** Queues one message about a registration; nothing when the person left no email address. */
export async function notifyRegistration(trx: Trx, deps: AppDeps, registrationId: number, kind: EventMessageKind, options: EventNotifyOptions = {}): Promise<void> {
  const r = (await registrationQuery(trx).where("g.id", "=", registrationId).executeTakeFirstOrThrow()) as RegistrationRow;
  if (!r.email) return;
  await queueMessage(trx, deps, registrationMessage(deps, r, kind, options));
}

/** The same message to many registrations (an event changed or cancelled): one query, one insert. */
export async function notifyRegistrations(
  trx: Trx,
  deps: AppDeps,
  registrationIds: readonly number[],
  kind: EventMessageKind,
  options: EventNotifyOptions | ((registrationId: number) => EventNotifyOptions) = {},
): Promise<void> {
  if (registrationIds.length === 0) return;
  const rows = (await registrationQuery(trx).where("g.id", "in", [...registrationIds]).execute()) as RegistrationRow[];
  const optionsOf = typeof options === "function" ? options : () => options;
  const messages = rows.filter((r) => r.email).map((r) => registrationMessage(deps, r, kind, optionsOf(r.registration_id)));
  await queueMessages(trx, deps, messages);
}

function registrationMessage(deps: AppDeps, r: RegistrationRow, kind: EventMessageKind, options: EventNotifyOptions): NewMessage<EventMessageKind> {
  const registrationId = r.registration_id;
  const withInvite = options.invite !== false && !["event-waitlisted", "event-reminder", "group-requested", "feedback-request"].includes(kind);
  const calendar = withInvite ? deskInvite(registrationCalendarItem(r, deps, EVENT_CANCELLING.has(kind))) : undefined;
  const link = kind === "feedback-request" ? new URL(`/feedback?event=${registrationToken(deps.secret, r.token_nonce)}`, deps.publicUrl).href : registrationLink(deps, r.token_nonce);
  const data: EventMessageData = {
    name: r.name,
    title: { zh: r.title_zh, en: r.title_en },
    branch: { zh: r.branch_zh, en: r.branch_en },
    place: { zh: [r.room_zh, r.place].filter(Boolean).join(" · "), en: [r.room_en ?? r.room_zh, r.place].filter(Boolean).join(" · ") },
    address: { zh: r.address_zh, en: r.address_en },
    start: new Date(r.starts_at).toISOString(),
    end: new Date(r.ends_at).toISOString(),
    zone: r.timezone,
    previousStart: options.previous?.start.toISOString(),
    previousEnd: options.previous?.end.toISOString(),
    places: r.places,
    position: options.position,
    reason: options.reason ?? null,
    leadHours: options.leadHours,
    accessibility: r.accessibility_zh || r.accessibility_en ? { zh: r.accessibility_zh, en: r.accessibility_en || r.accessibility_zh } : undefined,
    description: r.description_zh || r.description_en ? { zh: r.description_zh, en: r.description_en || r.description_zh } : undefined,
    link,
    // A volunteer's registration follows their own reminder preference; a reader's, this registration's.
    unsubscribe: kind !== "event-reminder" ? undefined : r.volunteer_id ? { kind: "reminders", volunteerId: r.volunteer_id } : { kind: "reminders", registrationId },
    invite: calendar !== undefined,
  };
  const key =
    kind === "event-reminder"
      ? `event-reminder:${registrationId}:${options.leadHours}:${data.start}`
      : kind === "feedback-request"
        ? `feedback-request:${registrationId}`
        : `registration:${registrationId}:${kind}:${r.sequence}`;
  return {
    to: { email: r.email!, name: r.name, language: r.language },
    template: kind,
    data,
    calendar,
    idempotencyKey: key,
    registrationId,
  };
}

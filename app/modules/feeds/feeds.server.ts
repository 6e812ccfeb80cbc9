// Personal calendar feeds: /calendar/<token>.ics with a person's shifts, trainings, interviews and
// event registrations of the past 12 months and to come — cancelled ones kept for 30 days as
// CANCELLED, so subscribed calendars drop them. The same UID and SEQUENCE as the emailed invites.
//
// The token is derived, not stored: HMAC(server secret, volunteer, feed version). The database
// keeps only its SHA-256 (for the lookup), yet the profile can show the address again at any
// time. Replacing the address bumps the version: the old token's hash is gone, the old URL 404s.
import crypto from "node:crypto";
import { sql, type Kysely } from "kysely";
import { DateTime } from "luxon";
import type { Database } from "#db/schema.ts";
import { hashToken } from "#app/lib/tokens.server.ts";
import { registrationFeedItems } from "#app/modules/events/notify.server.ts";
import { interviewFeedItems } from "#app/modules/recruitment/interviews.server.ts";
import { trainingFeedItems } from "#app/modules/trainings/trainings.server.ts";
import { bookingCalendarQuery, shiftCalendarItem, type BookingCalendarRow } from "#app/modules/shifts/notify.server.ts";
import { versionedFeed, type FeedFile } from "#app/modules/calendar/feed-versions.server.ts";
import { buildFeed } from "#app/modules/calendar/ical.server.ts";

/** A year of past entries is enough for "what did I do"; older ones only made every fetch heavier. */
const KEPT_PAST_MONTHS = 12;
const KEPT_CANCELLED_DAYS = 30;

function deriveToken(secret: string, volunteerId: number, version: number): string {
  return crypto.createHmac("sha256", secret).update(`calendar-feed:${volunteerId}:${version}`).digest("base64url");
}

/** The volunteer's current feed token (its hash recorded on first use). */
export async function feedToken(db: Kysely<Database>, secret: string, volunteerId: number): Promise<string> {
  const row = await db.selectFrom("shuxiang.volunteers").select(["feed_version", "feed_token_hash"]).where("id", "=", volunteerId).executeTakeFirstOrThrow();
  const token = deriveToken(secret, volunteerId, row.feed_version);
  const hash = hashToken(token);
  if (row.feed_token_hash !== hash) {
    await db.updateTable("shuxiang.volunteers").set({ feed_token_hash: hash }).where("id", "=", volunteerId).where("feed_version", "=", row.feed_version).execute();
  }
  return token;
}

/** A new address; the old one stops working at once. */
export async function replaceFeedToken(db: Kysely<Database>, secret: string, volunteerId: number): Promise<string> {
  const row = await db
    .updateTable("shuxiang.volunteers")
    .set({ feed_version: sql`feed_version + 1`, feed_token_hash: null })
    .where("id", "=", volunteerId)
    .returning("feed_version")
    .executeTakeFirstOrThrow();
  const token = deriveToken(secret, volunteerId, row.feed_version);
  await db.updateTable("shuxiang.volunteers").set({ feed_token_hash: hashToken(token) }).where("id", "=", volunteerId).execute();
  return token;
}

export interface FeedOptions {
  host: string;
  baseUrl: URL;
  now?: Date;
}

/** The feed for a token, or null when no volunteer has it (unknown or replaced). */
export async function volunteerFeed(db: Kysely<Database>, token: string, options: FeedOptions): Promise<FeedFile | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const volunteer = await db.selectFrom("shuxiang.volunteers").select(["id", "name", "language"]).where("feed_token_hash", "=", hashToken(token)).where("status", "!=", "left").executeTakeFirst();
  if (!volunteer) return null;
  const now = DateTime.fromJSDate(options.now ?? new Date());
  const window = { from: now.minus({ months: KEPT_PAST_MONTHS }).toJSDate(), cancelledSince: now.minus({ days: KEPT_CANCELLED_DAYS }).toJSDate() };
  const [rows, trainings, interviews, events] = await Promise.all([
    bookingCalendarQuery(db)
      .select(["s.status as shift_status", "b.cancelled_at", "s.cancelled_at as shift_cancelled_at"])
      .where("b.volunteer_id", "=", volunteer.id)
      .where("b.ends_at", ">", window.from)
      .where((eb) =>
        eb.or([
          eb.and([eb("b.status", "=", "confirmed"), eb("s.status", "=", "scheduled")]),
          eb.and([eb("b.status", "in", ["cancelled", "removed"]), eb("b.confirmed_at", "is not", null), eb("b.cancelled_at", ">", window.cancelledSince)]),
        ]),
      )
      .execute() as Promise<Array<BookingCalendarRow & { shift_status: string }>>,
    trainingFeedItems({ db }, volunteer.id, window, options.host, options.baseUrl),
    interviewFeedItems(db, volunteer.id, window, options.host),
    registrationFeedItems(db, volunteer.id, window, options),
  ]);
  const shifts = rows.map((r) => shiftCalendarItem(r, options.host, options.baseUrl, r.status !== "confirmed" || r.shift_status !== "scheduled"));
  const items = [...shifts, ...trainings, ...interviews, ...events].sort((a, b) => a.start.toMillis() - b.start.toMillis());
  const name = volunteer.language === "en" ? `Shuxiang volunteering · ${volunteer.name}` : `书香志愿服务 · ${volunteer.name}`;
  return versionedFeed(db, `volunteer:${volunteer.id}`, (stamp) => buildFeed(name, items, stamp));
}

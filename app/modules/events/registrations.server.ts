// Readers register for events: by library card (checked against the shared readers table), as a
// guest where the event and branch allow it, as a signed-in volunteer for volunteers-only events,
// or as a school group that a coordinator accepts. A party (1 adult + 2 children = 3 places)
// counts against the capacity as a whole.
//
// Capacity: `events.registered` is raised by the party's size in one conditional UPDATE
// (`registered + places <= capacity`) in the statement that inserts the confirmed registration;
// PostgreSQL re-checks the condition after the row lock, so no concurrency overbooks. A party that
// does not fit joins the waitlist in arrival order. When places free up, waiting parties are
// promoted in arrival order by the shared waitlist mechanism (waitlists/promotion.server.ts: the
// event's row is locked before any registration, updates are conditional, nothing moves up once
// the event has started); one too large for what is free keeps its place in the queue while a
// smaller one behind it that fits moves up (so places do not stay empty).
import { sql } from "kysely";
import type { GuardianRelation, RegistrationStatus } from "#db/schema.ts";
import { isChild, missingChildConsent } from "#app/modules/recruitment/schemas.ts";
import { todayIn } from "#app/modules/shifts/queries.server.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { type StaffUser, can } from "#app/modules/auth/policy.ts";
import { hashToken } from "#app/lib/tokens.server.ts";
import { reissueInvites } from "#app/modules/calendar/sequence.server.ts";
import { EVENT_WAITLIST, lockEntryAndHolder, promote, releasePlaces } from "#app/modules/waitlists/promotion.server.ts";
import { pgErrorCode, transact, type Trx } from "#app/lib/db.server.ts";
import { type AppDeps } from "#app/lib/deps.server.ts";
import { newRegistrationToken, notifyRegistration } from "./notify.server.ts";
import { acceptsGroups, windowProblem } from "./rules.ts";
import type { GroupInput, RegistrationInput } from "./schemas.ts";

const UNIQUE_VIOLATION = "23505";

export type RegisterResult =
  | { ok: true; status: "confirmed" | "waitlisted" | "requested"; registrationId: number; token: string; position?: number }
  | { ok: false; errors: Record<string, string>; status?: 400 | 404 };

interface EventFacts {
  id: number;
  status: string;
  audience: string;
  kind: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  registered: number;
  max_party: number;
  card_required: boolean;
  guests_allowed: boolean;
  branch_guests_allowed: boolean | null;
  registration_opens_at: Date | null;
  registration_closes_at: Date | null;
}

/** The zone of the event's branch: a reader's age is counted on the branch's date. */
async function eventZone(trx: Trx, eventId: number): Promise<string> {
  const row = await trx.selectFrom("shuxiang.events as ev").innerJoin("library.branches as br", "br.code", "ev.branch_code").select("br.timezone").where("ev.id", "=", eventId).executeTakeFirstOrThrow();
  return row.timezone;
}

async function eventFacts(trx: Trx, eventId: number): Promise<EventFacts | undefined> {
  return trx
    .selectFrom("shuxiang.events as ev")
    .leftJoin("shuxiang.branch_settings as bs", "bs.branch_code", "ev.branch_code")
    .select([
      "ev.id", "ev.status", "ev.audience", "ev.kind", "ev.starts_at", "ev.ends_at", "ev.capacity", "ev.registered", "ev.max_party",
      "ev.card_required", "ev.guests_allowed", "bs.guests_allowed as branch_guests_allowed", "ev.registration_opens_at", "ev.registration_closes_at",
    ])
    .where("ev.id", "=", eventId)
    .executeTakeFirst();
}

interface NewRegistration {
  kind: "person" | "group";
  readerId: number | null;
  volunteerId: number | null;
  name: string;
  email: string;
  phone: string | null;
  language: "zh-CN" | "en";
  adults: number;
  children: number;
  places: number;
  school?: string;
  className?: string;
  preferredDate?: string;
  notes?: string;
}

/** Inserts the registration; confirmed only when its places were taken in the same statement. */
async function insertRegistration(trx: Trx, eventId: number, r: NewRegistration, status: RegistrationStatus, tokenHash: string, nonce: string, takePlaces: boolean) {
  const values = sql`${r.kind}, ${r.readerId}::int, ${r.volunteerId}::int, ${r.name}, ${r.email}, ${r.phone}, ${r.language}, ${r.adults}::int, ${r.children}::int,
    ${r.places}::int, ${r.school ?? null}, ${r.className ?? null}, ${r.preferredDate ?? null}::date, ${r.notes ?? ""}, ${status}, ${nonce}, ${tokenHash}`;
  const columns = sql`(event_id, kind, reader_id, volunteer_id, name, email, phone, language, adults, children, places, school, class_name, preferred_date, notes, status, token_nonce, token_hash, confirmed_at, waitlisted_at)`;
  if (takePlaces) {
    const result = await sql<{ id: number }>`
      WITH e AS (
        UPDATE shuxiang.events SET registered = registered + ${r.places}::int, updated_at = now()
        WHERE id = ${eventId} AND status = 'scheduled' AND registered + ${r.places}::int <= capacity
        RETURNING id)
      INSERT INTO shuxiang.registrations ${columns}
      SELECT e.id, ${values}, now(), NULL FROM e
      RETURNING id`.execute(trx);
    return result.rows[0];
  }
  const result = await sql<{ id: number }>`
    INSERT INTO shuxiang.registrations ${columns}
    VALUES (${eventId}, ${values}, NULL, ${status === "waitlisted" ? sql`now()` : sql`NULL`})
    RETURNING id`.execute(trx);
  return result.rows[0];
}

async function waitlistPosition(db: AppDeps["db"], eventId: number, registrationId: number): Promise<number> {
  const row = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM shuxiang.registrations
    WHERE event_id = ${eventId} AND status = 'waitlisted'
      AND arrival <= (SELECT arrival FROM shuxiang.registrations WHERE id = ${registrationId})`.execute(db);
  return row.rows[0].n;
}

async function place(trx: Trx, deps: AppDeps, eventId: number, r: NewRegistration): Promise<RegisterResult> {
  const { nonce, token, hash } = newRegistrationToken(deps.secret);
  let row = await insertRegistration(trx, eventId, r, "confirmed", hash, nonce, true);
  if (!row) {
    // Full for this party: queue behind the event's row so the position told is the true one, and
    // take a place freed meanwhile instead of waiting for it.
    await sql`SELECT id FROM shuxiang.events WHERE id = ${eventId} FOR UPDATE`.execute(trx);
    row = await insertRegistration(trx, eventId, r, "confirmed", hash, nonce, true);
  }
  if (row) {
    await notifyRegistration(trx, deps, row.id, "event-registered");
    return { ok: true, status: "confirmed", registrationId: row.id, token };
  }
  const waiting = await insertRegistration(trx, eventId, r, "waitlisted", hash, nonce, false);
  const position = await waitlistPosition(trx, eventId, waiting.id);
  await notifyRegistration(trx, deps, waiting.id, "event-waitlisted", { position });
  return { ok: true, status: "waitlisted", registrationId: waiting.id, token, position };
}

async function duplicateOf(trx: Trx, eventId: number, r: Pick<NewRegistration, "readerId" | "volunteerId" | "email">): Promise<boolean> {
  let query = trx.selectFrom("shuxiang.registrations").select("id").where("event_id", "=", eventId).where("kind", "=", "person").where("status", "in", ["confirmed", "waitlisted", "requested"]);
  if (r.readerId !== null) query = query.where("reader_id", "=", r.readerId);
  else if (r.volunteerId !== null) query = query.where("volunteer_id", "=", r.volunteerId);
  else query = query.where("reader_id", "is", null).where("volunteer_id", "is", null).where(sql`lower(email)`, "=", r.email.toLowerCase());
  return (await query.executeTakeFirst()) !== undefined;
}

const DUPLICATE = { ok: false as const, errors: { form: "events.errors.duplicate" } };

/** A reader registers (card or guest), or a signed-in volunteer for a volunteers-only event. */
export async function registerForEvent(
  deps: AppDeps,
  eventId: number,
  input: RegistrationInput,
  who: { volunteerId?: number } = {},
  now: Date = new Date(),
): Promise<RegisterResult> {
  try {
    return await transact(deps.db, async (trx): Promise<RegisterResult> => {
      const ev = await eventFacts(trx, eventId);
      if (!ev || (ev.audience === "volunteers" && who.volunteerId === undefined)) return { ok: false, errors: { form: "events.errors.notFound" }, status: 404 };
      const closed = windowProblem(ev, now);
      if (closed) return { ok: false, errors: { form: closed } };
      if (ev.audience === "school-groups") return { ok: false, errors: { form: "events.errors.groupsOnly" } };
      const places = input.adults + input.children;
      if (places > ev.max_party) return { ok: false, errors: { adults: `events.errors.partyTooBig:${ev.max_party}` } };
      if (places > ev.capacity) return { ok: false, errors: { adults: `events.errors.partyTooBig:${ev.capacity}` } };

      let guardian: { guardian_name: string; guardian_relation: GuardianRelation; guardian_phone: string; guardian_consent_at: Date } | null = null;
      const registration: NewRegistration = { kind: "person", readerId: null, volunteerId: null, name: input.name, email: input.email, phone: input.phone ?? null, language: input.language, adults: input.adults, children: input.children, places };
      if (ev.audience === "volunteers") {
        const v = await trx.selectFrom("shuxiang.volunteers").select(["id", "name", "email", "language", "status"]).where("id", "=", who.volunteerId!).executeTakeFirst();
        if (!v || v.status === "left") return { ok: false, errors: { form: "events.errors.notFound" }, status: 404 };
        Object.assign(registration, { volunteerId: v.id, name: v.name, email: v.email, language: v.language });
      } else if (input.mode === "card") {
        const reader = await trx.selectFrom("library.readers").select(["id", "name", "status", "birth_date"]).where("card_number", "=", input.cardNumber!).executeTakeFirst();
        // One message for an unknown card and a wrong name: the form does not reveal whose card it is.
        if (!reader || reader.name.replace(/\s/g, "") !== input.name.replace(/\s/g, "")) return { ok: false, errors: { cardNumber: "events.errors.cardMismatch" } };
        if (reader.status !== "active") return { ok: false, errors: { cardNumber: "events.errors.cardInactive" } };
        registration.readerId = reader.id;
        // A child under 14: only with their guardian's particulars and separate consent (PIPL Art 31).
        if (reader.birth_date && isChild(reader.birth_date, todayIn(await eventZone(trx, eventId), now))) {
          const missing = missingChildConsent(input);
          if (Object.keys(missing).length) return { ok: false, errors: { form: "events.errors.childNeedsGuardian", ...missing } };
          guardian = { guardian_name: input.guardianName!, guardian_relation: input.guardianRelation as GuardianRelation, guardian_phone: input.guardianPhone!, guardian_consent_at: now };
        }
      } else if (ev.card_required || !ev.guests_allowed || ev.branch_guests_allowed === false) {
        return { ok: false, errors: { form: "events.errors.guestsNotAllowed" } };
      }
      if (await duplicateOf(trx, eventId, registration)) return DUPLICATE;
      const placed = await place(trx, deps, eventId, registration);
      if (guardian && placed.ok) await trx.updateTable("shuxiang.registrations").set(guardian).where("id", "=", placed.registrationId).execute();
      return placed;
    });
  } catch (error) {
    // The same card (or guest email) registering twice at once: the unique index lets one in.
    if (pgErrorCode(error) === UNIQUE_VIOLATION) return DUPLICATE;
    throw error;
  }
}

/** A teacher asks for a place for a class; a coordinator accepts it (or not) later. */
export async function requestGroupVisit(deps: AppDeps, eventId: number, input: GroupInput, now: Date = new Date()): Promise<RegisterResult> {
  return transact(deps.db, async (trx): Promise<RegisterResult> => {
    const ev = await eventFacts(trx, eventId);
    if (!ev || !acceptsGroups(ev)) return { ok: false, errors: { form: "events.errors.notFound" }, status: 404 };
    const closed = windowProblem(ev, now);
    if (closed) return { ok: false, errors: { form: closed } };
    if (input.headCount > ev.capacity) return { ok: false, errors: { headCount: `validation.max:${ev.capacity}` } };
    const { nonce, token, hash } = newRegistrationToken(deps.secret);
    const row = await insertRegistration(
      trx,
      eventId,
      { kind: "group", readerId: null, volunteerId: null, name: input.teacher, email: input.email, phone: input.phone, language: input.language, adults: 0, children: 0, places: input.headCount, school: input.school, className: input.className, preferredDate: input.preferredDate, notes: input.notes },
      "requested",
      hash,
      nonce,
      false,
    );
    await notifyRegistration(trx, deps, row.id, "group-requested");
    return { ok: true, status: "requested", registrationId: row.id, token };
  });
}

export type StaffResult = { ok: true } | { ok: false; errors: Record<string, string>; status?: 400 | 403 | 404 };

/** Locks the registration's event, then the registration (the waitlists' lock order), and reads it. */
async function lockRegistration(trx: Trx, registrationId: number) {
  if (!(await lockEntryAndHolder(trx, EVENT_WAITLIST, registrationId))) return undefined;
  return trx
    .selectFrom("shuxiang.registrations as g")
    .innerJoin("shuxiang.events as ev", "ev.id", "g.event_id")
    .select(["g.id", "g.event_id", "g.status", "g.places", "g.kind", "g.token_nonce", "ev.branch_code", "ev.starts_at", "ev.ends_at", "ev.max_party", "ev.capacity", "ev.registered", "ev.status as event_status"])
    .where("g.id", "=", registrationId)
    .executeTakeFirst();
}

/** A coordinator accepts a school group: its head count takes places, and the teacher gets the invite. */
export async function decideGroup(deps: AppDeps, user: StaffUser, registrationId: number, decision: "accept" | "decline", reason: string | null, now: Date = new Date(), requestId?: string | null): Promise<StaffResult> {
  return transact(deps.db, async (trx): Promise<StaffResult> => {
    const g = await lockRegistration(trx, registrationId);
    if (!g || g.kind !== "group") return { ok: false, errors: { form: "events.errors.notFound" }, status: 404 };
    if (!can(user, "event.decideGroup", g.branch_code)) return { ok: false, errors: { form: "events.errors.forbidden" }, status: 403 };
    if (g.status !== "requested") return { ok: false, errors: { form: "events.errors.alreadyDecided" } };
    if (decision === "accept") {
      if (g.event_status !== "scheduled" || new Date(g.starts_at) <= now) return { ok: false, errors: { form: "events.errors.closed" } };
      const took = await sql<{ id: number }>`
        UPDATE shuxiang.events SET registered = registered + ${g.places}::int, updated_at = now()
        WHERE id = ${g.event_id} AND status = 'scheduled' AND registered + ${g.places}::int <= capacity RETURNING id`.execute(trx);
      if (took.rows.length === 0) return { ok: false, errors: { form: `events.errors.groupNoRoom:${g.capacity - g.registered}` } };
      await trx.updateTable("shuxiang.registrations").set({ status: "confirmed", confirmed_at: now }).where("id", "=", g.id).execute();
      await reissueInvites(trx, "registration", [g.id], () => notifyRegistration(trx, deps, g.id, "event-registered"));
    } else {
      await trx.updateTable("shuxiang.registrations").set({ status: "declined", cancelled_at: now, cancel_reason: reason }).where("id", "=", g.id).execute();
      await notifyRegistration(trx, deps, g.id, "group-declined", { reason, invite: false });
    }
    await recordAudit(trx, {
      actorStaffId: user.id,
      action: `registration.group-${decision}`,
      entityType: "event",
      entityId: g.event_id,
      branchCode: g.branch_code,
      before: { registrationId: g.id, status: g.status },
      after: { status: decision === "accept" ? "confirmed" : "declined", places: g.places, reason },
      requestId,
    });
    return { ok: true };
  });
}

/** Fills free places from the waitlist in arrival order (parties that fit), before the event starts; each party moved up is told. */
export async function promoteRegistrations(trx: Trx, deps: AppDeps, eventId: number, now: Date = new Date()): Promise<number[]> {
  const promoted = await promote(trx, EVENT_WAITLIST, eventId, now);
  await reissueInvites(trx, "registration", promoted, async () => {
    for (const id of promoted) await notifyRegistration(trx, deps, id, "event-promoted");
  });
  return promoted;
}

/** A reminder's unsubscribe link: this registration gets no more reminders (everything else still goes). */
export async function stopRegistrationReminders(db: AppDeps["db"], registrationId: number): Promise<boolean> {
  const row = await db.updateTable("shuxiang.registrations").set({ wants_reminders: false }).where("id", "=", registrationId).returning("id").executeTakeFirst();
  return row !== undefined;
}

/** What the private link shows: the registration and its event. */
export async function registrationByToken(db: AppDeps["db"], token: string, now: Date = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const row = await db
    .selectFrom("shuxiang.registrations as g")
    .innerJoin("shuxiang.events as ev", "ev.id", "g.event_id")
    .innerJoin("library.branches as br", "br.code", "ev.branch_code")
    .leftJoin("shuxiang.rooms as rm", "rm.id", "ev.room_id")
    .select([
      "g.id", "g.kind", "g.status", "g.name", "g.adults", "g.children", "g.places", "g.school", "g.class_name", "g.token_nonce", "g.event_id", "g.check_in_code",
      "ev.title_zh", "ev.title_en", "ev.starts_at", "ev.ends_at", "ev.max_party", "ev.status as event_status", "ev.place",
      "br.timezone", "br.name_zh as branch_zh", "br.name_en as branch_en", "br.address_zh", "br.address_en", "rm.name_zh as room_zh", "rm.name_en as room_en",
    ])
    .where("g.token_hash", "=", hashToken(token))
    .where("g.anonymised_at", "is", null)
    .executeTakeFirst();
  // The link works until the event ends.
  if (!row || new Date(row.ends_at) <= now) return undefined;
  return { ...row, waitlistPosition: row.status === "waitlisted" ? await waitlistPosition(db, row.event_id, row.id) : null };
}

export type ManageResult = { ok: true; status: RegistrationStatus; promoted?: number } | { ok: false; errors: Record<string, string>; status?: 404 };

async function lockByToken(trx: Trx, token: string, now: Date) {
  const found = await trx.selectFrom("shuxiang.registrations").select("id").where("token_hash", "=", hashToken(token)).executeTakeFirst();
  const g = found && (await lockRegistration(trx, found.id));
  return g && new Date(g.ends_at) > now ? g : undefined;
}

/** The reader cancels through their private link; the first waiting parties that fit move up. */
export async function cancelRegistration(deps: AppDeps, token: string, now: Date = new Date()): Promise<ManageResult> {
  return transact(deps.db, async (trx): Promise<ManageResult> => {
    const g = await lockByToken(trx, token, now);
    if (!g) return { ok: false, errors: { form: "events.errors.linkInvalid" }, status: 404 };
    if (g.status === "cancelled" || g.status === "declined") return { ok: true, status: g.status };
    if (new Date(g.starts_at) <= now) return { ok: false, errors: { form: "events.errors.started" } };
    await trx.updateTable("shuxiang.registrations").set({ status: "cancelled", cancelled_at: now, cancel_reason: "reader" }).where("id", "=", g.id).execute();
    let promoted = 0;
    // Only a confirmed registration was in the reader's calendar: it gets the cancelling invite.
    await reissueInvites(trx, "registration", [g.id], () => notifyRegistration(trx, deps, g.id, "event-registration-cancelled", { invite: g.status === "confirmed" }));
    if (g.status === "confirmed") {
      await releasePlaces(trx, EVENT_WAITLIST, g.event_id, g.places);
      promoted = (await promoteRegistrations(trx, deps, g.event_id, now)).length;
    }
    return { ok: true, status: "cancelled", promoted };
  });
}

/** The reader changes their party's size: more places only if they are free; fewer free them up. */
export async function changeParty(deps: AppDeps, token: string, adults: number, children: number, now: Date = new Date()): Promise<ManageResult> {
  return transact(deps.db, async (trx): Promise<ManageResult> => {
    const g = await lockByToken(trx, token, now);
    if (!g || g.kind !== "person") return { ok: false, errors: { form: "events.errors.linkInvalid" }, status: 404 };
    if (g.status !== "confirmed" && g.status !== "waitlisted") return { ok: false, errors: { form: "events.errors.notActive" } };
    if (new Date(g.starts_at) <= now) return { ok: false, errors: { form: "events.errors.started" } };
    const places = adults + children;
    if (places > g.max_party) return { ok: false, errors: { adults: `events.errors.partyTooBig:${g.max_party}` } };
    const delta = places - g.places;
    let promoted = 0;
    if (g.status === "confirmed" && delta !== 0) {
      const took = await sql<{ id: number }>`
        UPDATE shuxiang.events SET registered = registered + ${delta}::int, updated_at = now()
        WHERE id = ${g.event_id} AND registered + ${delta}::int <= capacity RETURNING id`.execute(trx);
      if (took.rows.length === 0) return { ok: false, errors: { adults: `events.errors.notEnoughPlaces:${g.capacity - g.registered}` } };
    }
    await trx.updateTable("shuxiang.registrations").set({ adults, children, places }).where("id", "=", g.id).execute();
    if (g.status === "confirmed" && delta < 0) promoted = (await promoteRegistrations(trx, deps, g.event_id, now)).length;
    return { ok: true, status: g.status, promoted };
  });
}

/** The desk checks a party in (with how many came) or takes the check-in back. */
export async function checkInRegistration(deps: AppDeps, user: StaffUser, registrationId: number, count: number | null, now: Date = new Date(), requestId?: string | null): Promise<StaffResult> {
  return transact(deps.db, async (trx): Promise<StaffResult> => {
    const g = await lockRegistration(trx, registrationId);
    if (!g) return { ok: false, errors: { form: "events.errors.notFound" }, status: 404 };
    return markArrival(trx, user, g, count, now, requestId);
  });
}

type LockedRegistration = NonNullable<Awaited<ReturnType<typeof lockRegistration>>>;

/** The check-in rule, whichever way the desk found the party: the desk's branch, a confirmed place, the time window. */
async function markArrival(trx: Trx, user: StaffUser, g: LockedRegistration, count: number | null, now: Date, requestId?: string | null): Promise<StaffResult> {
  if (!can(user, "event.checkIn", g.branch_code)) return { ok: false, errors: { form: "events.errors.forbidden" }, status: 403 };
  if (g.status !== "confirmed") return { ok: false, errors: { form: "events.errors.notActive" } };
  // From two hours before the start until six hours after the end.
  if (new Date(g.starts_at).getTime() - 2 * 3600_000 > now.getTime()) return { ok: false, errors: { form: "events.errors.tooEarly" } };
  if (new Date(g.ends_at).getTime() + 6 * 3600_000 < now.getTime()) return { ok: false, errors: { form: "events.errors.ended" } };
  const arrived = count;
  await trx
    .updateTable("shuxiang.registrations")
    .set(arrived === null ? { checked_in_at: null, checked_in_count: null, no_show: false } : { checked_in_at: now, checked_in_count: arrived, no_show: false })
    .where("id", "=", g.id)
    .execute();
  await recordAudit(trx, {
    actorStaffId: user.id,
    action: arrived === null ? "registration.check-in-undo" : "registration.check-in",
    entityType: "event",
    entityId: g.event_id,
    branchCode: g.branch_code,
    after: { registrationId: g.id, count: arrived },
    requestId,
  });
  return { ok: true };
}

/** Who a check-in code belongs to, as the desk sees them once it is scanned. */
export interface ArrivingParty {
  name: string;
  kind: "person" | "group";
  school: string | null;
  class_name: string | null;
  adults: number;
  children: number;
  places: number;
  checked_in_at: Date | null;
  checked_in_count: number | null;
}

export type CodeCheckInResult =
  | { ok: true; party: ArrivingParty }
  | { ok: false; errors: Record<string, string>; status?: 400 | 403 | 404; party?: ArrivingParty };

/**
 * The desk scans or types a reader's check-in code at one event: the whole party is checked in.
 * A code of another event, a cancelled or waiting registration, or one already checked in changes
 * nothing and says why (the party is named only when the code belongs to this event).
 */
export async function checkInByCode(deps: AppDeps, user: StaffUser, eventId: number, code: string, now: Date = new Date(), requestId?: string | null): Promise<CodeCheckInResult> {
  return transact(deps.db, async (trx): Promise<CodeCheckInResult> => {
    const found = await trx.selectFrom("shuxiang.registrations").select(["id", "event_id"]).where("check_in_code", "=", code).where("anonymised_at", "is", null).executeTakeFirst();
    if (!found) return { ok: false, errors: { code: "events.errors.codeUnknown" } };
    if (found.event_id !== eventId) return { ok: false, errors: { code: "events.errors.codeOtherEvent" } };
    const g = await lockRegistration(trx, found.id);
    if (!g) return { ok: false, errors: { code: "events.errors.codeUnknown" } };
    const party = await trx
      .selectFrom("shuxiang.registrations")
      .select(["name", "kind", "school", "class_name", "adults", "children", "places", "checked_in_at", "checked_in_count"])
      .where("id", "=", g.id)
      .executeTakeFirstOrThrow();
    if (!can(user, "event.checkIn", g.branch_code)) return { ok: false, errors: { form: "events.errors.forbidden" }, status: 403 };
    if (g.status === "cancelled" || g.status === "declined") return { ok: false, errors: { code: "events.errors.codeCancelled" }, party };
    if (g.status !== "confirmed") return { ok: false, errors: { code: "events.errors.codeNotConfirmed" }, party };
    if (party.checked_in_at) return { ok: false, errors: { code: "events.errors.codeAlready" }, party };
    const marked = await markArrival(trx, user, g, g.places, now, requestId);
    if (!marked.ok) return marked;
    return { ok: true, party: { ...party, checked_in_at: now, checked_in_count: g.places } };
  });
}

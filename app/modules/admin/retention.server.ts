// Data retention (PIPL: keep personal data no longer than needed). Guest and school-group
// registrations keep their contact details until N months after their event; declined
// applications until N months after the decision (default 12 each). A daily run anonymises what
// is older — names, emails and phones go, and so do the address, name, content and invite of the
// messages about them; the counts the reports use (places, attendance, applications by date)
// stay. The page previews what the next run removes.
import { sql } from "kysely";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { can, type StaffUser } from "#app/modules/auth/policy.ts";
import { anonymiseMessages } from "#app/modules/notifications/outbox.server.ts";
import { transact } from "#app/lib/db.server.ts";
import { type AppDeps } from "#app/lib/deps.server.ts";
import { anonymiseVolunteer } from "#app/modules/volunteers/profile.server.ts";

export interface RetentionSettings {
  guestMonths: number;
  declinedMonths: number;
}
export const DEFAULT_RETENTION: RetentionSettings = { guestMonths: 12, declinedMonths: 12 };
const SETTINGS_KEY = "retention";
const LAST_RUN_KEY = "retention_last_run";

export async function retentionSettings(db: AppDeps["db"]): Promise<RetentionSettings> {
  const row = await db.selectFrom("shuxiang.app_meta").select("value").where("key", "=", SETTINGS_KEY).executeTakeFirst();
  return { ...DEFAULT_RETENTION, ...((row?.value as Partial<RetentionSettings> | undefined) ?? {}) };
}

export async function saveRetentionSettings(deps: AppDeps, user: StaffUser, settings: RetentionSettings, requestId?: string | null) {
  if (!can(user, "admin.retention")) return { ok: false as const, errors: { form: "admin.errors.forbidden" }, status: 403 as const };
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("shuxiang.app_meta").select("value").where("key", "=", SETTINGS_KEY).executeTakeFirst();
    await trx
      .insertInto("shuxiang.app_meta")
      .values({ key: SETTINGS_KEY, value: JSON.stringify(settings) })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(settings) }))
      .execute();
    await recordAudit(trx, { actorStaffId: user.id, action: "retention.settings", entityType: "settings", entityId: SETTINGS_KEY, before: before?.value ?? null, after: settings, requestId });
  });
  return { ok: true as const };
}

function guestsDue(db: AppDeps["db"], s: RetentionSettings, now: Date) {
  return db
    .selectFrom("shuxiang.registrations as g")
    .innerJoin("shuxiang.events as ev", "ev.id", "g.event_id")
    .where("g.reader_id", "is", null)
    .where("g.volunteer_id", "is", null)
    .where("g.anonymised_at", "is", null)
    .where(sql<boolean>`ev.ends_at < ${now}::timestamptz - make_interval(months => ${s.guestMonths})`);
}

function declinedDue(db: AppDeps["db"], s: RetentionSettings, now: Date) {
  return db
    .selectFrom("shuxiang.applications as a")
    .innerJoin("shuxiang.volunteers as v", "v.id", "a.volunteer_id")
    .where("a.status", "=", "declined")
    .where("v.anonymised_at", "is", null)
    .where("v.status", "<>", "appointed")
    .where(sql<boolean>`a.updated_at < ${now}::timestamptz - make_interval(months => ${s.declinedMonths})`);
}

/** What the next run would anonymise. */
export async function retentionPreview(db: AppDeps["db"], now: Date = new Date()) {
  const s = await retentionSettings(db);
  const [guests, declined] = await Promise.all([
    guestsDue(db, s, now).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    declinedDue(db, s, now).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { settings: s, guests: Number(guests.n), declined: Number(declined.n) };
}

/** Anonymises what is past its keeping time; returns how many of each. */
export async function runRetention(deps: AppDeps, now: Date = new Date()): Promise<{ guests: number; declined: number }> {
  const s = await retentionSettings(deps.db);
  const ids = (await guestsDue(deps.db, s, now).select("g.id").execute()).map((r) => r.id);
  if (ids.length > 0) {
    await transact(deps.db, async (trx) => {
      await trx.updateTable("shuxiang.registrations").set({ name: "", email: null, phone: null, guardian_name: null, guardian_relation: null, guardian_phone: null, school: null, class_name: null, notes: "", anonymised_at: now }).where("id", "in", ids).where("kind", "=", "person").execute();
      // A group row must keep a school and class (its CHECK): they become blanks.
      await trx.updateTable("shuxiang.registrations").set({ name: "", email: null, phone: null, guardian_name: null, guardian_relation: null, guardian_phone: null, school: "", class_name: "", notes: "", anonymised_at: now }).where("id", "in", ids).where("kind", "=", "group").execute();
      // Their messages held the same name and address, and the invite; declined applicants' go in anonymiseVolunteer.
      await anonymiseMessages(trx, { registrationIds: ids }, { placeholder: "anonymised@invalid", reason: "personal data removed after the retention period" });
    });
  }
  const people = (await declinedDue(deps.db, s, now).select("v.id").execute()).map((r) => r.id);
  for (const id of people) await anonymiseVolunteer(deps, id, now);
  return { guests: ids.length, declined: people.length };
}

/** Runs at most once a day across every process (the minute job calls it). */
export async function runRetentionDaily(deps: AppDeps, now: Date = new Date()): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  const claimed = await sql<{ key: string }>`
    INSERT INTO shuxiang.app_meta (key, value) VALUES (${LAST_RUN_KEY}, ${JSON.stringify(today)}::jsonb)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
      WHERE shuxiang.app_meta.value IS DISTINCT FROM EXCLUDED.value
    RETURNING key`.execute(deps.db);
  if (claimed.rows.length === 0) return 0;
  const done = await runRetention(deps, now);
  return done.guests + done.declined;
}

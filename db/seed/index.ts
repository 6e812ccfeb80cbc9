// Demo data: deterministic (seeded) and idempotent (every insert skips what exists).
import { sql, type Kysely } from "kysely";
import { hashPassword } from "#app/modules/auth/password.server.ts";
import type { Database } from "../schema.ts";
import { branches, DEMO_STAFF_PASSWORD, deskEmails, deskPhones, roles, rooms, staff, trainings } from "./library.ts";
import { chineseName, demoReaders, mobilePhone } from "./people.ts";
import { createRandom } from "./random.ts";
import { seedDemoApplications } from "./applications.ts";
import { seedDemoShifts } from "./shifts.ts";
import { seedDemoTrainings } from "./trainings.ts";
import { seedDemoEvents } from "./events.ts";
import { seedDemoFigures } from "./figures.ts";
import { seedDemoAudit } from "./audit.ts";
import { seedDemoCertificate, seedDemoRecords } from "./records.ts";

export { DEMO_STAFF_PASSWORD } from "./library.ts";
export const DEMO_VOLUNTEER_EMAIL = "volunteer01@example.com";
const READER_COUNT = 320;
const VOLUNTEER_COUNT = 48;
const SEEDED_KEY = "demo_data_seeded_at";
/** Each capability's demo data has its own key, so a store seeded by an earlier version gets the new parts. */
const SHIFTS_KEY = "demo_shifts_seeded_at";
const APPLICATIONS_KEY = "demo_applications_seeded_at";
const TRAININGS_KEY = "demo_trainings_seeded_at";
const EVENTS_KEY = "demo_events_seeded_at";
const FIGURES_KEY = "demo_figures_seeded_at";
const AUDIT_KEY = "demo_audit_seeded_at";
const DESKS_KEY = "demo_desk_emails_seeded_at";
const RECORDS_KEY = "demo_records_seeded_at";

export async function isDemoDataSeeded(db: Kysely<Database>): Promise<boolean> {
  const rows = await db.selectFrom("shuxiang.app_meta").select("key").where("key", "in", [SEEDED_KEY, SHIFTS_KEY, APPLICATIONS_KEY, TRAININGS_KEY, EVENTS_KEY, FIGURES_KEY, AUDIT_KEY, DESKS_KEY, RECORDS_KEY]).execute();
  return rows.length === 9;
}

export async function seedDemoData(db: Kysely<Database>, now: Date = new Date()): Promise<void> {
  const random = createRandom(20_261_125);
  const staffHash = await hashPassword(DEMO_STAFF_PASSWORD);

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("library.branches")
      .values(branches.map((b, i) => ({ ...b, timezone: "Asia/Shanghai", opening_hours: JSON.stringify(b.opening_hours), sort_order: i })))
      .onConflict((oc) => oc.doNothing())
      .execute();

    // A desk address an administrator already set is kept.
    const desksSeeded = await trx.selectFrom("shuxiang.app_meta").select("key").where("key", "=", DESKS_KEY).executeTakeFirst();
    if (!desksSeeded) {
      await trx
        .insertInto("shuxiang.branch_settings")
        .values(Object.entries(deskEmails).map(([branch_code, desk_email]) => ({ branch_code, desk_email, desk_phone: deskPhones[branch_code as keyof typeof deskPhones] })))
        .onConflict((oc) =>
          oc.column("branch_code").doUpdateSet({
            desk_email: sql`coalesce(shuxiang.branch_settings.desk_email, excluded.desk_email)`,
            desk_phone: sql`coalesce(shuxiang.branch_settings.desk_phone, excluded.desk_phone)`,
          }),
        )
        .execute();
      await trx.insertInto("shuxiang.app_meta").values({ key: DESKS_KEY, value: JSON.stringify(now.toISOString()) }).execute();
    }

    await trx
      .insertInto("shuxiang.rooms")
      .values(rooms.map((r) => ({ accessibility_zh: null, accessibility_en: null, ...r })))
      .onConflict((oc) => oc.doNothing())
      .execute();

    await trx.insertInto("shuxiang.trainings").values([...trainings]).onConflict((oc) => oc.doNothing()).execute();
    await trx
      .insertInto("shuxiang.roles")
      .values(roles.map(({ trainings: _t, ...role }, i) => ({ ...role, sort_order: i })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    for (const role of roles) {
      for (const training of role.trainings) {
        await sql`
          INSERT INTO shuxiang.role_trainings (role_id, training_id)
          SELECT r.id, t.id FROM shuxiang.roles r, shuxiang.trainings t
          WHERE r.code = ${role.code} AND t.code = ${training}
          ON CONFLICT DO NOTHING`.execute(trx);
      }
    }

    for (const person of staff) {
      const inserted = await trx
        .insertInto("shuxiang.staff")
        .values({ email: person.email, name: person.name, role: person.role, password_hash: staffHash })
        .onConflict((oc) => oc.doNothing())
        .returning("id")
        .executeTakeFirst();
      if (inserted && person.branches.length > 0) {
        await trx
          .insertInto("shuxiang.staff_branches")
          .values(person.branches.map((branch_code) => ({ staff_id: inserted.id, branch_code })))
          .execute();
      }
    }

    const readers = demoReaders(random, READER_COUNT);
    await trx.insertInto("library.readers").values(readers).onConflict((oc) => oc.doNothing()).execute();

    const adults = await trx
      .selectFrom("library.readers")
      .select(["id", "name", "phone", "home_branch_code"])
      .where("birth_date", "<", "2006-01-01")
      .where("status", "=", "active")
      .orderBy("card_number")
      .execute();
    const volunteers = Array.from({ length: VOLUNTEER_COUNT }, (_, i) => {
      // About half of the volunteers are also card-holding readers of the library.
      const reader = i % 2 === 0 ? adults[(i * 7) % adults.length] : undefined;
      return {
        email: `volunteer${String(i + 1).padStart(2, "0")}@example.com`,
        name: reader?.name ?? chineseName(random),
        phone: reader?.phone ?? mobilePhone(random),
        language: i % 12 === 5 ? ("en" as const) : ("zh-CN" as const),
        status: i % 16 === 15 ? ("paused" as const) : ("appointed" as const),
        reader_id: reader?.id ?? null,
        home_branch_code: reader?.home_branch_code ?? random.pick(branches).code,
        appointed_at: `2026-0${1 + (i % 9)}-15T08:00:00Z`,
      };
    });
    await trx.insertInto("shuxiang.volunteers").values(volunteers).onConflict((oc) => oc.doNothing()).execute();

    await trx
      .insertInto("shuxiang.app_meta")
      .values({ key: SEEDED_KEY, value: JSON.stringify(now.toISOString()) })
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();

    const shiftsSeeded = await trx.selectFrom("shuxiang.app_meta").select("key").where("key", "=", SHIFTS_KEY).executeTakeFirst();
    if (!shiftsSeeded) {
      await seedDemoShifts(trx, createRandom(20_261_126), now);
      await trx.insertInto("shuxiang.app_meta").values({ key: SHIFTS_KEY, value: JSON.stringify(now.toISOString()) }).execute();
    }
    const applicationsSeeded = await trx.selectFrom("shuxiang.app_meta").select("key").where("key", "=", APPLICATIONS_KEY).executeTakeFirst();
    if (!applicationsSeeded) {
      await seedDemoApplications(trx, createRandom(20_261_127), now);
      await trx.insertInto("shuxiang.app_meta").values({ key: APPLICATIONS_KEY, value: JSON.stringify(now.toISOString()) }).execute();
    }
    const trainingsSeeded = await trx.selectFrom("shuxiang.app_meta").select("key").where("key", "=", TRAININGS_KEY).executeTakeFirst();
    if (!trainingsSeeded) {
      await seedDemoTrainings(trx, createRandom(20_261_128), now);
      await trx.insertInto("shuxiang.app_meta").values({ key: TRAININGS_KEY, value: JSON.stringify(now.toISOString()) }).execute();
    }
    const eventsSeeded = await trx.selectFrom("shuxiang.app_meta").select("key").where("key", "=", EVENTS_KEY).executeTakeFirst();
    if (!eventsSeeded) {
      await seedDemoEvents(trx, createRandom(20_261_130), now);
      await trx.insertInto("shuxiang.app_meta").values({ key: EVENTS_KEY, value: JSON.stringify(now.toISOString()) }).execute();
    }
    const figuresSeeded = await trx.selectFrom("shuxiang.app_meta").select("key").where("key", "=", FIGURES_KEY).executeTakeFirst();
    if (!figuresSeeded) {
      await seedDemoFigures(trx, createRandom(20_261_131), now);
      await trx.insertInto("shuxiang.app_meta").values({ key: FIGURES_KEY, value: JSON.stringify(now.toISOString()) }).execute();
    }
    const recordsSeeded = await trx.selectFrom("shuxiang.app_meta").select("key").where("key", "=", RECORDS_KEY).executeTakeFirst();
    if (!recordsSeeded) {
      await seedDemoRecords(trx, DEMO_VOLUNTEER_EMAIL, now);
      await trx.insertInto("shuxiang.app_meta").values({ key: RECORDS_KEY, value: JSON.stringify(now.toISOString()) }).execute();
    }
    const auditSeeded = await trx.selectFrom("shuxiang.app_meta").select("key").where("key", "=", AUDIT_KEY).executeTakeFirst();
    if (!auditSeeded) {
      await seedDemoAudit(trx, now);
      await trx.insertInto("shuxiang.app_meta").values({ key: AUDIT_KEY, value: JSON.stringify(now.toISOString()) }).execute();
    }
  });
  // Issuing takes its own transaction (the register's row lock), so it follows the rest.
  await seedDemoCertificate(db, DEMO_VOLUNTEER_EMAIL, now);
}

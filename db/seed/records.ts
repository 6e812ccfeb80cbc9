// Demo service records: every served booking of the demo shifts becomes a record (as the desk's
// check-ins would have written them), the demo volunteer has one correction request waiting, and
// a coordinator's quality evaluation stands on a few records.
import { sql, type Kysely, type Transaction } from "kysely";
import { DateTime } from "luxon";
import { issueCertificate } from "#app/modules/records/certificates.server.ts";
import { recordServedBookings, reviseRecord } from "#app/modules/records/records.server.ts";
import type { Database } from "../schema.ts";

export async function seedDemoRecords(trx: Transaction<Database>, demoVolunteerEmail: string, now: Date): Promise<void> {
  await recordServedBookings(trx);
  await trx
    .insertInto("shuxiang.app_meta")
    .values({ key: "certificate-issuer", value: JSON.stringify({ nameZh: "鼓楼图书馆", nameEn: "Gulou Library", personInCharge: "王建国", handler: "陈静（志愿服务部）", contact: "025-8320 1234 · gulou.desk@shuxiang.example" }) })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const coordinator = await trx.selectFrom("shuxiang.staff").select("id").where("email", "=", "coord.gulou@shuxiang.example").executeTakeFirst();
  const evaluated = await trx.selectFrom("shuxiang.service_records").select("id").where("branch_code", "=", "GL").orderBy("id").limit(5).execute();
  for (const [i, r] of evaluated.entries()) {
    await reviseRecord(trx, r.id, { quality: i % 2 === 0 ? "excellent" : "good", qualityNote: i % 2 === 0 ? "主动引导读者" : "" }, { staffId: coordinator?.id ?? null, via: "desk", reason: "evaluation" });
  }
  const volunteer = await trx.selectFrom("shuxiang.volunteers").select("id").where("email", "=", demoVolunteerEmail).executeTakeFirst();
  if (!volunteer) return;
  const lastServed = await trx
    .selectFrom("shuxiang.bookings as b")
    .innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
    .leftJoin("shuxiang.service_records as sr", "sr.booking_id", "b.id")
    .select(["b.id", "s.branch_code", "s.local_date", "sr.id as record_id", "sr.minutes"])
    .where("b.volunteer_id", "=", volunteer.id)
    .where("b.status", "=", "confirmed")
    .where("s.status", "=", "scheduled")
    .where("b.ends_at", "<", now)
    .orderBy("b.ends_at", "desc")
    .executeTakeFirst();
  if (lastServed) {
    await trx
      .insertInto("shuxiang.record_corrections")
      .values({
        volunteer_id: volunteer.id,
        kind: lastServed.record_id ? "wrong-hours" : "missing-check-in",
        booking_id: lastServed.id,
        record_id: lastServed.record_id,
        branch_code: lastServed.branch_code,
        local_date: lastServed.local_date,
        minutes: (lastServed.minutes ?? 120) + 60,
        note: "活动结束后留下来帮忙整理书架和桌椅，多服务了一小时，服务台签退时忘记记录。",
        created_at: sql<Date>`${now}::timestamptz - interval '1 day'`,
      })
      .execute();
  }
}

/** The demo volunteer's certificate for this year so far (once: a second seed issues none). */
export async function seedDemoCertificate(db: Kysely<Database>, demoVolunteerEmail: string, now: Date): Promise<void> {
  const volunteer = await db.selectFrom("shuxiang.volunteers").select("id").where("email", "=", demoVolunteerEmail).executeTakeFirst();
  if (!volunteer) return;
  const existing = await db.selectFrom("shuxiang.certificates").select("id").where("volunteer_id", "=", volunteer.id).executeTakeFirst();
  if (existing) return;
  const today = DateTime.fromJSDate(now, { zone: "Asia/Shanghai" });
  const from = today.minus({ months: 3 }).toISODate()!;
  await issueCertificate(db, { volunteerId: volunteer.id, from, to: today.toISODate()! }, null, null, now);
}

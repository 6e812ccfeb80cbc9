// Demo training sessions: two held in the last fortnight (attendance recorded, the training
// credited to those who came) and four coming up, with applicants at the training stage and
// volunteers who still need the training enrolled.
import { sql, type Transaction } from "kysely";
import { DateTime } from "luxon";
import type { Database } from "../schema.ts";
import type { Random } from "./random.ts";

interface Plan {
  training: string;
  branch: string;
  room: string | null;
  place: string;
  trainer: string;
  daysFromToday: number;
  start: string;
  end: string;
  capacity: number;
  /** A full session: this many more people on its waitlist, in arrival order. */
  waiting?: number;
}

const PLANS: Plan[] = [
  { training: "book-repair", branch: "GL", room: "meeting", place: "", trainer: "古籍部 王老师", daysFromToday: -12, start: "14:00", end: "16:30", capacity: 12 },
  { training: "disability-assistance", branch: "GL", room: "special-needs", place: "", trainer: "市盲协 李老师", daysFromToday: -5, start: "09:30", end: "11:30", capacity: 8 },
  { training: "book-repair", branch: "FC", room: null, place: "二楼借阅台旁", trainer: "古籍部 王老师", daysFromToday: 6, start: "14:00", end: "16:30", capacity: 10 },
  { training: "digital-tutoring", branch: "GL", room: "av", place: "", trainer: "数字资源部 陈老师", daysFromToday: 9, start: "19:00", end: "20:30", capacity: 20 },
  { training: "disability-assistance", branch: "HC", room: null, place: "一楼活动区", trainer: "市盲协 李老师", daysFromToday: 13, start: "09:30", end: "11:30", capacity: 8 },
  { training: "fire-safety", branch: "GL", room: "meeting", place: "", trainer: "鼓楼消防救援站", daysFromToday: 16, start: "15:00", end: "16:30", capacity: 40 },
  { training: "digital-tutoring", branch: "GL", room: null, place: "三楼电子阅览室", trainer: "数字资源部 陈老师", daysFromToday: 4, start: "10:00", end: "11:30", capacity: 3, waiting: 2 },
];

export async function seedDemoTrainings(trx: Transaction<Database>, random: Random, now: Date): Promise<void> {
  const coordinator = await trx.selectFrom("shuxiang.staff").select("id").where("email", "=", "coord.gulou@shuxiang.example").executeTakeFirstOrThrow();
  const today = DateTime.fromJSDate(now, { zone: "Asia/Shanghai" }).startOf("day");
  for (const plan of PLANS) {
    const day = today.plus({ days: plan.daysFromToday }).toISODate()!;
    const starts = DateTime.fromISO(`${day}T${plan.start}`, { zone: "Asia/Shanghai" });
    const ends = DateTime.fromISO(`${day}T${plan.end}`, { zone: "Asia/Shanghai" });
    const training = await trx.selectFrom("shuxiang.trainings").select("id").where("code", "=", plan.training).executeTakeFirstOrThrow();
    const room = plan.room ? await trx.selectFrom("shuxiang.rooms").select("id").where("branch_code", "=", plan.branch).where("code", "=", plan.room).executeTakeFirst() : undefined;
    // Who comes: applicants at the training stage who chose this branch, then volunteers of the
    // branch without this training (a few of them, by the seeded random order).
    const applicants = await sql<{ id: number }>`
      SELECT v.id FROM shuxiang.volunteers v JOIN shuxiang.applications a ON a.volunteer_id = v.id
      WHERE a.status = 'training' AND ${plan.branch} = ANY (v.preferred_branches) ORDER BY v.id`.execute(trx);
    const volunteers = await sql<{ id: number }>`
      SELECT v.id FROM shuxiang.volunteers v
      WHERE v.status = 'appointed' AND v.home_branch_code = ${plan.branch}
        AND NOT EXISTS (SELECT 1 FROM shuxiang.volunteer_trainings vt WHERE vt.volunteer_id = v.id AND vt.training_id = ${training.id})
      ORDER BY v.id`.execute(trx);
    const past = plan.daysFromToday < 0;
    const people = plan.waiting
      ? volunteers.rows.slice(0, plan.capacity + plan.waiting)
      : [...(past ? [] : applicants.rows), ...volunteers.rows.filter(() => random.chance(0.5))].slice(0, Math.min(plan.capacity - 2, past ? 7 : 5));
    const enrolled = Math.min(people.length, plan.capacity);
    const session = await trx
      .insertInto("shuxiang.training_sessions")
      .values({
        training_id: training.id,
        branch_code: plan.branch,
        room_id: room?.id ?? null,
        place: plan.place,
        trainer: plan.trainer,
        local_date: day,
        starts_at: starts.toJSDate(),
        ends_at: ends.toJSDate(),
        capacity: plan.capacity,
        enrolled,
        created_by: coordinator.id,
        created_at: starts.minus({ days: 14 }).toJSDate(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const [k, person] of people.entries()) {
      const attended = past && k % 4 !== 3;
      await trx
        .insertInto("shuxiang.training_enrolments")
        .values({
          session_id: session.id,
          volunteer_id: person.id,
          enrolled_by: coordinator.id,
          status: k < enrolled ? "enrolled" : "waitlisted",
          waitlisted_at: k < enrolled ? null : starts.minus({ days: 9 - k }).toJSDate(),
          confirmed_at: k < enrolled ? starts.minus({ days: 10 }).toJSDate() : null,
          attendance: past ? (attended ? "attended" : "absent") : null,
          attendance_by: past ? coordinator.id : null,
          attendance_at: past ? ends.toJSDate() : null,
          created_at: starts.minus({ days: 10 }).toJSDate(),
        })
        .execute();
      if (attended) {
        await trx
          .insertInto("shuxiang.volunteer_trainings")
          .values({ volunteer_id: person.id, training_id: training.id, completed_at: ends.toJSDate(), session_id: session.id })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }
  }
}

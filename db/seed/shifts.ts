// Demo shifts: weekly patterns per branch over a month around "today", with bookings, waitlists,
// check-ins, no-shows and a cancelled shift — what a coordinator would see in a live library.
// Generated from a fixed seed relative to the day of seeding; written directly (no messages: demo
// bookings did not happen, so nobody is emailed about them).
import { sql, type Transaction } from "kysely";
import { DateTime } from "luxon";
import { expandWeekly } from "#app/lib/wall-time.ts";
import type { Database } from "../schema.ts";
import type { Random } from "./random.ts";

interface Pattern {
  branch: string;
  role: string;
  weekdays: number[];
  start: string;
  end: string;
  capacity: number;
  min: number;
  notes?: string;
  room?: string;
}

const PATTERNS: Pattern[] = [
  { branch: "GL", role: "guiding", weekdays: [1, 2, 3, 4, 5, 6, 7], start: "09:00", end: "12:00", capacity: 3, min: 2, room: "desk" },
  { branch: "GL", role: "guiding", weekdays: [1, 2, 3, 4, 5, 6, 7], start: "14:00", end: "17:00", capacity: 3, min: 2, room: "desk" },
  { branch: "GL", role: "shelving", weekdays: [2, 4, 6], start: "09:30", end: "11:30", capacity: 4, min: 2, notes: "还书车集中在一楼东侧，按索书号上架。" },
  { branch: "GL", role: "book-repair", weekdays: [5], start: "14:00", end: "16:30", capacity: 3, min: 1, room: "heritage" },
  { branch: "GL", role: "order", weekdays: [6, 7], start: "13:30", end: "17:00", capacity: 2, min: 1, room: "study" },
  { branch: "GL", role: "disability-assistance", weekdays: [3, 6], start: "09:00", end: "11:00", capacity: 1, min: 1, room: "special-needs" },
  { branch: "SE", role: "event-help", weekdays: [6, 7], start: "09:30", end: "11:30", capacity: 4, min: 2, room: "parent-child", notes: "周末亲子阅读，协助签到和维持秩序。" },
  { branch: "SE", role: "reading-host", weekdays: [6], start: "10:00", end: "11:00", capacity: 1, min: 1, room: "picture-books" },
  { branch: "SE", role: "shelving", weekdays: [3], start: "15:00", end: "17:00", capacity: 2, min: 1 },
  { branch: "HC", role: "digital-tutoring", weekdays: [2], start: "14:00", end: "16:00", capacity: 2, min: 1, notes: "帮助老年读者使用数字阅读平台和借阅 App。" },
  { branch: "FC", role: "shelving", weekdays: [6], start: "14:00", end: "16:00", capacity: 2, min: 1 },
  { branch: "HL", role: "cleaning", weekdays: [3], start: "15:00", end: "17:00", capacity: 2, min: 1 },
  { branch: "TP", role: "shelving", weekdays: [6], start: "09:30", end: "11:30", capacity: 2, min: 1 },
  { branch: "JL", role: "guiding", weekdays: [7], start: "14:00", end: "16:00", capacity: 2, min: 1 },
  { branch: "PL", role: "tables-chairs", weekdays: [5], start: "18:00", end: "19:30", capacity: 3, min: 2, notes: "周六读书会前布置活动室。" },
  { branch: "PP", role: "shelving", weekdays: [4], start: "14:30", end: "16:30", capacity: 2, min: 1 },
];

const SLOTS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].flatMap((d) => ["am", "pm", "ev"].map((p) => `${d}-${p}`));

export async function seedDemoShifts(trx: Transaction<Database>, random: Random, now: Date): Promise<void> {
  const zone = "Asia/Shanghai";
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  const first = today.minus({ days: 14 }).toISODate()!;
  const last = today.plus({ days: 17 }).toISODate()!;

  const roles = new Map((await trx.selectFrom("shuxiang.roles").select(["id", "code"]).execute()).map((r) => [r.code, r.id]));
  const rooms = await trx.selectFrom("shuxiang.rooms").select(["id", "branch_code", "code"]).execute();
  const trainings = new Map((await trx.selectFrom("shuxiang.trainings").select(["id", "code"]).execute()).map((t) => [t.code, t.id]));
  const roleTrainings = await trx.selectFrom("shuxiang.role_trainings").select(["role_id", "training_id"]).execute();
  const volunteers = await trx.selectFrom("shuxiang.volunteers").select(["id", "status", "home_branch_code"]).orderBy("id").execute();
  const coordinator = await trx.selectFrom("shuxiang.staff").select("id").where("role", "=", "coordinator").orderBy("id").executeTakeFirst();

  // Training records and weekly availability.
  const trained = new Map<number, Set<number>>();
  const records: Array<{ volunteer_id: number; training_id: number; completed_at: string }> = [];
  volunteers.forEach((v, i) => {
    const set = new Set<number>();
    if (i % 5 === 0) set.add(trainings.get("book-repair")!);
    if (i % 7 === 0 || i === 1) set.add(trainings.get("disability-assistance")!);
    if (i % 4 === 1) set.add(trainings.get("digital-tutoring")!);
    trained.set(v.id, set);
    for (const t of set) records.push({ volunteer_id: v.id, training_id: t, completed_at: `2026-0${1 + (i % 9)}-20T06:00:00Z` });
  });
  if (records.length) await trx.insertInto("shuxiang.volunteer_trainings").values(records).onConflict((oc) => oc.doNothing()).execute();
  for (const [i, v] of volunteers.entries()) {
    if (i % 2 === 0 || i === 0) continue;
    const slots = SLOTS.filter(() => random.chance(0.45));
    await trx.updateTable("shuxiang.volunteers").set({ availability: slots.length ? slots : null }).where("id", "=", v.id).execute();
  }

  const required = new Map<number, number[]>();
  for (const rt of roleTrainings) required.set(rt.role_id, [...(required.get(rt.role_id) ?? []), rt.training_id]);
  const canDo = (volunteerId: number, roleId: number) => (required.get(roleId) ?? []).every((t) => trained.get(volunteerId)?.has(t));
  const held = new Map<number, Array<[number, number]>>();
  const free = (volunteerId: number, s: number, e: number) => !(held.get(volunteerId) ?? []).some(([a, b]) => a < e && b > s);
  const active = volunteers.filter((v) => v.status === "appointed");
  const demoVolunteer = volunteers[0]?.id;

  for (const pattern of PATTERNS) {
    const roleId = roles.get(pattern.role)!;
    const expanded = expandWeekly({ startDate: first, untilDate: last, weekdays: pattern.weekdays }, pattern.start, pattern.end, zone);
    if (!expanded.ok) throw new Error(`demo pattern ${pattern.branch}/${pattern.role}: ${expanded.error}`);
    const series = await trx
      .insertInto("shuxiang.shift_series")
      .values({ branch_code: pattern.branch, role_id: roleId, weekdays: pattern.weekdays, start_date: first, until_date: last, occurrences: null, start_time: pattern.start, end_time: pattern.end, created_by: coordinator?.id ?? null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const roomId = pattern.room ? (rooms.find((r) => r.branch_code === pattern.branch && r.code === pattern.room)?.id ?? null) : null;
    for (const occurrence of expanded.occurrences) {
      const startsAt = occurrence.start.toJSDate();
      const endsAt = occurrence.end.toJSDate();
      const past = endsAt <= now;
      const cancelled = random.chance(0.02) && !past;
      // Fill: past shifts mostly full; upcoming ones thinner the further out, some short.
      const daysAhead = occurrence.start.diff(today, "days").days;
      const fill = past ? random.int(Math.max(0, pattern.min - 1), pattern.capacity) : random.int(0, daysAhead < 7 ? pattern.capacity + 2 : pattern.capacity);
      const candidates = active
        .filter((v) => canDo(v.id, roleId))
        .sort((a, b) => (a.home_branch_code === pattern.branch ? 0 : 1) - (b.home_branch_code === pattern.branch ? 0 : 1) || random.next() - 0.5);
      const chosen: number[] = [];
      const wantDemo = demoVolunteer !== undefined && canDo(demoVolunteer, roleId) && pattern.branch === "GL" && pattern.role === "guiding" && pattern.start === "09:00" && [-9, -6, -2, 2, 5].includes(Math.round(daysAhead));
      if (wantDemo && free(demoVolunteer, startsAt.getTime(), endsAt.getTime())) chosen.push(demoVolunteer);
      for (const v of candidates) {
        if (chosen.length >= fill) break;
        if (v.id === demoVolunteer || chosen.includes(v.id)) continue;
        if (free(v.id, startsAt.getTime(), endsAt.getTime())) chosen.push(v.id);
      }
      const confirmed = chosen.slice(0, pattern.capacity);
      const waiting = chosen.slice(pattern.capacity);
      const shift = await trx
        .insertInto("shuxiang.shifts")
        .values({
          branch_code: pattern.branch,
          role_id: roleId,
          series_id: series.id,
          room_id: roomId,
          local_date: occurrence.localDate,
          starts_at: startsAt,
          ends_at: endsAt,
          capacity: pattern.capacity,
          min_needed: pattern.min,
          booked: cancelled ? 0 : confirmed.length,
          notes: pattern.notes ?? "",
          status: cancelled ? "cancelled" : "scheduled",
          cancelled_at: cancelled ? now : null,
          cancel_reason: cancelled ? "馆内设备检修，暂停一次。" : null,
          sequence: cancelled ? 1 : 0,
          created_by: coordinator?.id ?? null,
          created_at: new Date(startsAt.getTime() - 30 * 86400_000),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const bookedAt = new Date(Math.min(now.getTime(), startsAt.getTime()) - random.int(2, 20) * 86400_000);
      const rows = [
        ...confirmed.map((volunteerId) => {
          held.set(volunteerId, [...(held.get(volunteerId) ?? []), [startsAt.getTime(), endsAt.getTime()]]);
          const noShow = past && random.chance(0.08);
          const inAt = past && !noShow ? new Date(startsAt.getTime() + random.int(-15, 10) * 60_000) : null;
          const outAt = inAt && random.chance(0.85) ? new Date(endsAt.getTime() + random.int(-20, 15) * 60_000) : null;
          return {
            shift_id: shift.id,
            volunteer_id: volunteerId,
            status: (cancelled ? "cancelled" : "confirmed") as "cancelled" | "confirmed",
            starts_at: startsAt,
            ends_at: endsAt,
            sequence: cancelled ? 1 : 0,
            created_at: bookedAt,
            confirmed_at: bookedAt,
            notified_at: bookedAt,
            cancelled_at: cancelled ? now : null,
            cancel_reason: cancelled ? "shift-cancelled" : null,
            checked_in_at: inAt,
            checked_out_at: outAt,
            no_show: noShow,
          };
        }),
        ...waiting.map((volunteerId) => ({
          shift_id: shift.id,
          volunteer_id: volunteerId,
          status: (cancelled ? "cancelled" : "waitlisted") as "cancelled" | "waitlisted",
          starts_at: startsAt,
          ends_at: endsAt,
          sequence: 0,
          created_at: bookedAt,
          confirmed_at: null,
          notified_at: bookedAt,
          cancelled_at: cancelled ? now : null,
          cancel_reason: cancelled ? "shift-cancelled" : null,
          checked_in_at: null,
          checked_out_at: null,
          no_show: false,
        })),
      ];
      // Past shifts keep no waitlist (it ended with the shift).
      const kept = past ? rows.filter((r) => r.status !== "waitlisted") : rows;
      if (kept.length) await trx.insertInto("shuxiang.bookings").values(kept).execute();
    }
  }
  // One more waiting place for the demo volunteer, on a full upcoming shift they could take.
  if (demoVolunteer !== undefined) {
    await sql`
      INSERT INTO shuxiang.bookings (shift_id, volunteer_id, status, starts_at, ends_at)
      SELECT s.id, ${demoVolunteer}, 'waitlisted', s.starts_at, s.ends_at
      FROM shuxiang.shifts s JOIN shuxiang.roles r ON r.id = s.role_id
      WHERE s.status = 'scheduled' AND s.booked = s.capacity AND s.starts_at > ${now}
        AND r.code IN ('shelving', 'event-help', 'guiding')
        AND NOT EXISTS (SELECT 1 FROM shuxiang.bookings b WHERE b.shift_id = s.id AND b.volunteer_id = ${demoVolunteer})
        AND NOT EXISTS (SELECT 1 FROM shuxiang.bookings b WHERE b.volunteer_id = ${demoVolunteer} AND b.status = 'confirmed'
                        AND b.starts_at < s.ends_at AND b.ends_at > s.starts_at)
      ORDER BY s.starts_at LIMIT 1`.execute(trx);
  }
}

// Copy a branch's week of shifts to another week: each shift to the same weekday, the same wall
// time in the branch's zone, role, place, places and notes. Shifts that already exist there (same
// role, day and start) are skipped, as are days already past and times the clocks skip.
import { DateTime } from "luxon";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { transact } from "#app/lib/db.server.ts";
import type { AppDeps } from "#app/lib/deps.server.ts";
import { wallClock, wallInterval } from "#app/lib/wall-time.ts";
import { can, type StaffActor } from "#app/modules/auth/policy.ts";
import { addDays } from "./week.ts";

export interface CopyResult {
  copied: number;
  existing: number;
  past: number;
  invalid: number;
}

export async function copyWeek(deps: AppDeps, actor: StaffActor, branchCode: string, fromMonday: string, toMonday: string, now: Date = new Date()): Promise<CopyResult | "forbidden"> {
  if (!can(actor.user, "shift.plan", branchCode)) return "forbidden";
  return transact(deps.db, async (trx) => {
    const offsetDays = Math.round(DateTime.fromISO(toMonday, { zone: "UTC" }).diff(DateTime.fromISO(fromMonday, { zone: "UTC" }), "days").days);
    const branch = await trx.selectFrom("library.branches").select("timezone").where("code", "=", branchCode).executeTakeFirstOrThrow();
    const source = await trx
      .selectFrom("shuxiang.shifts")
      .select(["role_id", "room_id", "local_date", "starts_at", "ends_at", "capacity", "min_needed", "notes"])
      .where("branch_code", "=", branchCode)
      .where("status", "=", "scheduled")
      .where("local_date", ">=", fromMonday)
      .where("local_date", "<=", addDays(fromMonday, 6))
      .orderBy("starts_at")
      .execute();
    const existing = await trx
      .selectFrom("shuxiang.shifts")
      .select(["role_id", "local_date", "starts_at"])
      .where("branch_code", "=", branchCode)
      .where("status", "=", "scheduled")
      .where("local_date", ">=", toMonday)
      .where("local_date", "<=", addDays(toMonday, 6))
      .execute();
    const taken = new Set(existing.map((e) => `${e.role_id}|${e.local_date}|${wallClock(e.starts_at, branch.timezone)}`));
    const result: CopyResult = { copied: 0, existing: 0, past: 0, invalid: 0 };
    const rows = [];
    for (const s of source) {
      const date = addDays(s.local_date, offsetDays);
      const start = wallClock(s.starts_at, branch.timezone);
      const end = wallClock(s.ends_at, branch.timezone);
      if (taken.has(`${s.role_id}|${date}|${start}`)) {
        result.existing++;
        continue;
      }
      const interval = wallInterval(date, start, end, branch.timezone);
      if (!interval.ok) {
        result.invalid++;
        continue;
      }
      if (interval.start.toJSDate() <= now) {
        result.past++;
        continue;
      }
      taken.add(`${s.role_id}|${date}|${start}`);
      rows.push({
        branch_code: branchCode,
        role_id: s.role_id,
        room_id: s.room_id,
        local_date: date,
        starts_at: interval.start.toJSDate(),
        ends_at: interval.end.toJSDate(),
        capacity: s.capacity,
        min_needed: s.min_needed,
        notes: s.notes,
        created_by: actor.user.id,
      });
    }
    if (rows.length) await trx.insertInto("shuxiang.shifts").values(rows).execute();
    result.copied = rows.length;
    await recordAudit(trx, {
      actorStaffId: actor.user.id,
      action: "shift.copy-week",
      entityType: "branch",
      entityId: branchCode,
      branchCode,
      after: { from: fromMonday, to: toMonday, ...result },
      requestId: actor.requestId,
    });
    return result;
  });
}

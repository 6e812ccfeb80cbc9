// Volunteers who could take a shift: appointed, trained for its role, old enough, free at that
// time and not already on it. Used to assign from the panel and to ask for help.
import { sql, type Kysely } from "kysely";
import type { Database } from "#db/schema.ts";
import { volunteerInScopeSql, type StaffUser } from "#app/modules/auth/policy.ts";

export interface ShiftForCandidates {
  id: number;
  branch_code: string;
  role_id: number;
  starts_at: Date;
  ends_at: Date;
  local_date: string;
}

export interface Candidate {
  id: number;
  name: string;
  email: string;
  phone: string | null;
  language: "zh-CN" | "en";
  home_branch_code: string | null;
}

export async function eligibleFreeVolunteers(
  db: Kysely<Database>,
  shift: ShiftForCandidates,
  options: {
    branchOnly?: boolean;
    wantingCallsForHelp?: boolean;
    search?: string;
    limit?: number;
    now?: Date;
    /** Staff choosing whom to assign: only the volunteers they may see (a coordinator's branches). */
    shownTo?: StaffUser;
  } = {},
): Promise<Candidate[]> {
  const search = options.search?.trim() ? `%${options.search.trim().replace(/[%_\\]/g, "\\$&")}%` : null;
  const result = await sql<Candidate>`
    SELECT v.id, v.name, v.email, v.phone, v.language, v.home_branch_code
    FROM shuxiang.volunteers v
    LEFT JOIN library.readers rd ON rd.id = v.reader_id
    WHERE v.status = 'appointed'
      ${
        options.branchOnly
          ? sql`AND (v.home_branch_code = ${shift.branch_code}
             OR EXISTS (SELECT 1 FROM shuxiang.bookings hb JOIN shuxiang.shifts hs ON hs.id = hb.shift_id
                        WHERE hb.volunteer_id = v.id AND hb.status = 'confirmed' AND hs.branch_code = ${shift.branch_code}
                          AND hs.starts_at > ${options.now ?? new Date()}::timestamptz - interval '180 days'))`
          : sql``
      }
      ${options.wantingCallsForHelp ? sql`AND v.wants_calls_for_help` : sql``}
      ${options.shownTo ? sql`AND ${volunteerInScopeSql(options.shownTo, "volunteer.view")}` : sql``}
      ${search ? sql`AND (v.name ILIKE ${search} OR v.email ILIKE ${search} OR v.phone ILIKE ${search})` : sql``}
      AND NOT EXISTS (SELECT 1 FROM shuxiang.role_trainings rt WHERE rt.role_id = ${shift.role_id}
            AND NOT EXISTS (SELECT 1 FROM shuxiang.volunteer_trainings vt WHERE vt.volunteer_id = v.id AND vt.training_id = rt.training_id))
      AND (COALESCE(v.birth_date, rd.birth_date) IS NULL
           OR COALESCE(v.birth_date, rd.birth_date) + make_interval(years => (SELECT min_age FROM shuxiang.roles WHERE id = ${shift.role_id})) <= ${shift.local_date}::date)
      AND NOT EXISTS (SELECT 1 FROM shuxiang.bookings o WHERE o.volunteer_id = v.id AND o.status = 'confirmed'
            AND o.starts_at < ${shift.ends_at} AND o.ends_at > ${shift.starts_at})
      AND NOT EXISTS (SELECT 1 FROM shuxiang.bookings mine WHERE mine.volunteer_id = v.id AND mine.shift_id = ${shift.id}
            AND mine.status IN ('confirmed', 'waitlisted'))
    ORDER BY (v.home_branch_code = ${shift.branch_code}) DESC NULLS LAST, v.name, v.id
    ${options.limit ? sql`LIMIT ${options.limit}` : sql``}`.execute(db);
  return result.rows;
}

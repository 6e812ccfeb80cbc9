// The one rule for who may take a place on a shift. Booking, the open-shifts list ("only shifts I
// can take"), waitlist promotion, a coordinator's assign candidates and calls for help all read it
// from here, so a volunteer is never shown a Book button that booking then refuses, nor left off
// a coordinator's list that booking would let in (docs/decisions/0022-eligibility-and-promotion.md).
//
// The rule is SQL over a volunteer row aliased `v` (shuxiang.volunteers, may come from a LEFT
// JOIN) and a shift row aliased `s` (shuxiang.shifts): the first reason that applies, or NULL.
// Being SQL, it filters hundreds of volunteers or shifts in the database and runs inside the
// caller's transaction, after its locks.
import { sql, type Kysely } from "kysely";
import type { Database } from "#db/schema.ts";
import { volunteerInScopeSql, type StaffUser } from "#app/modules/auth/policy.ts";

/** Why a volunteer may not take a place on a shift, in the order the rule checks them. */
export const ELIGIBILITY_PROBLEMS = ["not-volunteer", "suspended", "paused", "untrained", "too-young", "unavailable", "overlap"] as const;
export type EligibilityProblem = (typeof ELIGIBILITY_PROBLEMS)[number];

/** Problems a coordinator may set aside with a reason (audited); the others hold for everyone. */
export const OVERRIDABLE: ReadonlySet<EligibilityProblem> = new Set(["paused", "untrained", "too-young", "unavailable"]);

/**
 * The weekly-availability slot of the shift's start in its branch's zone, as the forms name them
 * (`SLOT_PATTERN` in recruitment/schemas.ts): the weekday, then morning before 12:00, afternoon
 * before 18:00, evening — `sat-am`, `wed-pm`, `fri-ev`.
 */
const shiftSlot = sql`(
  SELECT (ARRAY['mon','tue','wed','thu','fri','sat','sun'])[extract(isodow FROM s.starts_at AT TIME ZONE zb.timezone)::int] || '-' ||
    CASE WHEN extract(hour FROM s.starts_at AT TIME ZONE zb.timezone) < 12 THEN 'am'
         WHEN extract(hour FROM s.starts_at AT TIME ZONE zb.timezone) < 18 THEN 'pm' ELSE 'ev' END
  FROM library.branches zb WHERE zb.code = s.branch_code)`;

/**
 * Status (appointed, and neither suspended nor paused), training for the role, the role's minimum
 * age on the shift's local day, the stated weekly availability (none stated: any time), and no
 * confirmed shift that overlaps. NULL when the volunteer may take the place.
 */
export const eligibilityProblem = sql<EligibilityProblem | null>`(CASE
  WHEN v.id IS NULL THEN 'not-volunteer'
  WHEN v.status = 'suspended' THEN 'suspended'
  WHEN v.status = 'paused' THEN 'paused'
  WHEN v.status <> 'appointed' THEN 'not-volunteer'
  WHEN EXISTS (SELECT 1 FROM shuxiang.role_trainings rt WHERE rt.role_id = s.role_id
         AND NOT EXISTS (SELECT 1 FROM shuxiang.volunteer_trainings vt WHERE vt.volunteer_id = v.id AND vt.training_id = rt.training_id)) THEN 'untrained'
  WHEN COALESCE(v.birth_date, (SELECT rd.birth_date FROM library.readers rd WHERE rd.id = v.reader_id))
         + make_interval(years => (SELECT ro.min_age FROM shuxiang.roles ro WHERE ro.id = s.role_id)) > s.local_date THEN 'too-young'
  WHEN cardinality(v.availability) > 0 AND NOT (${shiftSlot} = ANY (v.availability)) THEN 'unavailable'
  WHEN EXISTS (SELECT 1 FROM shuxiang.bookings o WHERE o.volunteer_id = v.id AND o.status = 'confirmed' AND o.shift_id <> s.id
         AND o.starts_at < s.ends_at AND o.ends_at > s.starts_at) THEN 'overlap'
END)`;

/** Already on the shift: 'confirmed' or 'waitlisted', else NULL (then booking again is no new place). */
export const heldOnShift = sql<"confirmed" | "waitlisted" | null>`(
  SELECT h.status FROM shuxiang.bookings h WHERE h.shift_id = s.id AND h.volunteer_id = v.id AND h.status IN ('confirmed', 'waitlisted'))`;

export interface ShiftForCandidates {
  id: number;
  branch_code: string;
}

export interface Candidate {
  id: number;
  name: string;
  email: string;
  phone: string | null;
  language: "zh-CN" | "en";
  home_branch_code: string | null;
}

/**
 * Volunteers who could take a place on the shift now (the rule above, and not already on it):
 * the coordinator's assign list and the recipients of a call for help.
 */
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
    CROSS JOIN shuxiang.shifts s
    WHERE s.id = ${shift.id} AND v.status = 'appointed'
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
      AND ${eligibilityProblem} IS NULL
      AND ${heldOnShift} IS NULL
    ORDER BY (v.home_branch_code = ${shift.branch_code}) DESC NULLS LAST, v.name, v.id
    ${options.limit ? sql`LIMIT ${options.limit}` : sql``}`.execute(db);
  return result.rows;
}

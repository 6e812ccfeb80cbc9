// Volunteers under 18 are on duty only with an adult beside them: a coming shift that has minors
// booked and no adult volunteer is shown to the coordinators of its branch.
import { sql, type Kysely } from "kysely";
import type { Database } from "#db/schema.ts";
import { minorOnShiftSql } from "#app/modules/shifts/minors.ts";

export interface UnaccompaniedShift {
  id: number;
  branch_code: string;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  role_zh: string;
  role_en: string;
  minors: number;
}

/** Coming shifts (not yet ended) at these branches with confirmed minors and no confirmed adult, nearest first. */
export async function shiftsWithoutAdult(db: Kysely<Database>, branchCodes: string[], now: Date = new Date(), days = 14): Promise<UnaccompaniedShift[]> {
  if (branchCodes.length === 0) return [];
  const rows = await sql<UnaccompaniedShift>`
    SELECT s.id, s.branch_code, s.starts_at, s.ends_at, br.timezone, r.name_zh AS role_zh, r.name_en AS role_en,
           count(*) FILTER (WHERE ${minorOnShiftSql})::int AS minors
      FROM shuxiang.shifts s
      JOIN library.branches br ON br.code = s.branch_code
      JOIN shuxiang.roles r ON r.id = s.role_id
      JOIN shuxiang.bookings b ON b.shift_id = s.id AND b.status = 'confirmed'
      JOIN shuxiang.volunteers v ON v.id = b.volunteer_id
     WHERE s.branch_code = ANY(${branchCodes}::text[])
       AND s.status = 'scheduled'
       AND s.ends_at > ${now}
       AND s.starts_at < ${new Date(now.getTime() + days * 86400_000)}
     GROUP BY s.id, br.timezone, r.name_zh, r.name_en
    HAVING count(*) FILTER (WHERE ${minorOnShiftSql}) > 0
       AND count(*) FILTER (WHERE NOT ${minorOnShiftSql}) = 0
     ORDER BY s.starts_at, s.id`.execute(db);
  return rows.rows;
}

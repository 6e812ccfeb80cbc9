// A branch's roster for a day (the printable page and its CSV read it alike): who is booked on each
// of the day's shifts, from the desk's check-in sheet. Any staff member of the branch; the day
// defaults to today in the branch's zone.
import { calendarDate, code, parseFilters } from "#app/lib/input.ts";
import { authorize } from "#app/modules/auth/policy.ts";
import { branchesWhere } from "#app/modules/branches/branches.server.ts";
import { checkInSheet } from "#app/modules/shifts/attendance.server.ts";
import { todayIn } from "#app/modules/shifts/queries.server.ts";
import { getServices } from "#app/services.server.ts";
import { requireStaff } from "./guards.server.ts";

export async function loadRoster(request: Request) {
  const user = await requireStaff(request, "shift.checkIn");
  const { filters, errors } = parseFilters(request.url, { branch: code(), date: calendarDate });
  const { db } = await getServices();
  const branches = await branchesWhere(db, user, "shift.checkIn");
  if (filters.branch) authorize(user, "shift.checkIn", filters.branch);
  const branch = branches.find((b) => b.code === filters.branch) ?? branches[0];
  const names = branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en }));
  if (!branch) return { branches: names, branch: null, date: "", shifts: [], errors };
  const date = filters.date ?? todayIn(branch.timezone);
  const shifts = (await checkInSheet(db, branch.code, date)).map((s) => ({ ...s, timezone: branch.timezone }));
  return { branches: names, branch: { code: branch.code, name_zh: branch.name_zh, name_en: branch.name_en }, date, shifts, errors };
}

// What every reports route does first: who may see it, which period and branches, the figures.
import { can, forbidden, type StaffUser } from "#app/modules/auth/policy.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { listBranches } from "#app/modules/branches/branches.server.ts";
import { getServices } from "#app/services.server.ts";
import { periodSchema, resolvePeriod, type Period } from "#app/modules/reports/periods.ts";
import { buildReport, reportToday, scopeOf, type Report } from "#app/modules/reports/reports.server.ts";

export interface LoadedReport {
  user: StaffUser;
  period: Period | null;
  branch: string;
  branches: Array<{ code: string; name_zh: string; name_en: string }>;
  report: Report | null;
  error: { field: string; message: string } | null;
  params: Record<string, string>;
  /** Today where the branches reported on are (the printed summary's date). */
  today: string;
}

/** Administrators see the whole system; coordinators their branches. Bad input is a message. */
export async function loadReport(request: Request, now: Date = new Date()): Promise<LoadedReport> {
  const user = await requireStaff(request, "report.view");
  const params = Object.fromEntries(Array.from(new URL(request.url).searchParams).filter(([, v]) => v !== ""));
  const { db, config } = await getServices();
  const all = await listBranches(db);
  const mine = all.filter((b) => can(user, "report.view", b.code)).map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en }));
  const parsed = periodSchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { user, period: null, branch: "", branches: mine, report: null, error: { field: String(issue.path[0]), message: issue.message }, params, today: reportToday([], config.defaultTimeZone, now) };
  }
  const branch = parsed.data.branch ?? "";
  // One of the branches listed (the policy's, and an existing one), or 403.
  if (branch && !mine.some((b) => b.code === branch)) throw forbidden();
  // "This month" is the month where the branches reported on are (the default zone over several zones).
  const today = reportToday(all.filter((b) => (branch ? b.code === branch : mine.some((m) => m.code === b.code))), config.defaultTimeZone, now);
  const resolved = resolvePeriod(parsed.data, today);
  if (!resolved.ok) return { user, period: null, branch, branches: mine, report: null, error: { field: resolved.field, message: resolved.message }, params, today };
  const codes = branch ? [branch] : mine.map((b) => b.code);
  const report = await buildReport(db, scopeOf(resolved.period, codes, config.defaultTimeZone, now));
  return { user, period: resolved.period, branch, branches: mine, report, error: null, params, today };
}

// The records export's request: a coordinator's or administrator's period (and branch, one they
// cover) from the query string; a refused value is a 400 with the reason, in text.
import { getFixedT } from "#app/i18n/i18n.server.ts";
import { branchesFor, can } from "#app/modules/auth/policy.ts";
import { recordsTable } from "#app/modules/records/export.server.ts";
import { calendarDate, code, parseFilters } from "#app/lib/input.ts";
import { getServices } from "#app/services.server.ts";
import { requireStaff } from "./guards.server.ts";

const badRequest = (message: string) => new Response(`Bad Request: ${message}`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export async function loadRecordsExport(request: Request): Promise<{ table: Awaited<ReturnType<typeof recordsTable>>; name: string } | Response> {
  const user = await requireStaff(request, "record.review");
  const { filters, errors } = parseFilters(request.url, { from: calendarDate, to: calendarDate, branch: code() });
  if (Object.keys(errors).length > 0 || !filters.from || !filters.to) return badRequest("give from and to as dates (YYYY-MM-DD) and at most one branch.");
  if (filters.to < filters.from) return badRequest("the period ends before it starts.");
  if (filters.branch && !can(user, "record.review", filters.branch)) return new Response("Forbidden", { status: 403 });
  const { db } = await getServices();
  const table = await recordsTable(db, { from: filters.from, to: filters.to, branch: filters.branch, branchCodes: branchesFor(user, "record.review") }, await getFixedT("zh-CN"));
  return { table, name: `shuxiang-service-records-${filters.from}-${filters.to}${filters.branch ? `-${filters.branch}` : ""}` };
}

// GET /staff/reports/csv?table=…&(the report's parameters) — one table of the report as CSV,
// UTF-8 with a byte-order mark so Excel opens Chinese correctly.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse } from "#app/web/csv.server.ts";
import { getFixedT, getLocale } from "#app/i18n/i18n.server.ts";
import { loadReport } from "#app/web/report-page.server.ts";
import { reportTables } from "#app/modules/reports/tables.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const { period, report, branch, error } = await loadReport(request);
  if (error || !report || !period) return new Response("Bad Request: the period is not valid.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const lang = await getLocale(request);
  const t = await getFixedT(lang);
  const id = new URL(request.url).searchParams.get("table");
  const table = reportTables(report, t, lang, { includeTop: true }).find((tb) => tb.id === id);
  if (!table) return new Response("Not Found", { status: 404 });
  return csvResponse([table.columns, ...table.rows], `shuxiang-${table.id}-${period.key}${branch ? `-${branch}` : ""}.csv`);
}

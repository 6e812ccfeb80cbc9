// GET /staff/admin/audit/csv?(filters) — the audit log as CSV (UTF-8 with BOM), administrators only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse } from "#app/web/csv.server.ts";
import { listAudit } from "#app/modules/admin/audit-log.server.ts";
import { auditFilters } from "#app/modules/admin/schemas.ts";
import { parseFilters } from "#app/lib/input.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { getServices } from "#app/services.server.ts";

const EXPORT_LIMIT = 50_000;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "admin.audit");
  const { filters, errors } = parseFilters(request.url, auditFilters);
  // A file has no place for a message beside a filter: the page shows it, the file is refused.
  if (Object.keys(errors).length > 0) return new Response("Bad filter.", { status: 400 });
  const { db } = await getServices();
  const rows = await listAudit(db, filters, EXPORT_LIMIT);
  return csvResponse(
    [
      ["at", "actor", "actor_email", "action", "entity_type", "entity_id", "branch", "before", "after", "request_id"],
      ...rows.map((r) => [new Date(r.at).toISOString(), r.actor ?? "", r.actor_email ?? "", r.action, r.entity_type, r.entity_id, r.branch_code ?? "", r.before === null ? "" : JSON.stringify(r.before), r.after === null ? "" : JSON.stringify(r.after), r.request_id ?? ""]),
    ],
    "shuxiang-audit.csv",
  );
}

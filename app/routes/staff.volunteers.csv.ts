// GET /staff/volunteers/csv?(the directory's filters) — the directory as CSV (UTF-8 with BOM).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { formatHours } from "#app/lib/time.ts";
import { listBranches, listRoles, listTrainings } from "#app/modules/branches/branches.server.ts";
import { searchVolunteers } from "#app/modules/volunteers/directory.server.ts";
import { csvResponse } from "#app/web/csv.server.ts";
import { readDirectoryFilters } from "#app/web/directory.server.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { getServices } from "#app/services.server.ts";

// The file's columns, in this order.
const DIRECTORY_CSV_COLUMNS = ["volunteer_number", "name", "status", "mobile", "email", "card_number", "home_branch", "branches", "roles", "trainings", "last_served", "hours", "no_shows"];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "volunteer.view");
  const { filter, errors } = readDirectoryFilters(request, user);
  // A file has no place for a message beside a filter: the page shows it, the file is refused.
  if (Object.keys(errors).length > 0) return new Response("Bad filter.", { status: 400 });
  const { db } = await getServices();
  const [branches, roles, trainings, { volunteers }] = await Promise.all([listBranches(db), listRoles(db), listTrainings(db), searchVolunteers(db, user, filter, null)]);
  // Names in Chinese, the library's own language (codes beside them stay stable for a spreadsheet).
  const branch = new Map(branches.map((b) => [b.code, b.name_zh]));
  const role = new Map(roles.map((r) => [r.id, r.name_zh]));
  const training = new Map(trainings.map((t) => [t.id, t.name_zh]));
  return csvResponse(
    [
      DIRECTORY_CSV_COLUMNS,
      ...volunteers.map((v) => [
        v.volunteer_number ?? "",
        v.name,
        v.status,
        v.phone ?? "",
        v.email,
        v.card_number ?? "",
        v.home_branch_code ? (branch.get(v.home_branch_code) ?? v.home_branch_code) : "",
        v.branches.map((b) => branch.get(b) ?? b).join("、"),
        v.roles.map((r) => role.get(r) ?? String(r)).join("、"),
        v.trainings.map((tr) => training.get(tr) ?? String(tr)).join("、"),
        v.last_served ?? "",
        formatHours(v.minutes),
        v.no_shows,
      ]),
    ],
    "shuxiang-volunteers.csv",
  );
}

// GET /staff/roster/csv?branch=…&date=… — the day's roster as CSV (UTF-8 with BOM).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { formatClockRange } from "#app/lib/time.ts";
import { csvResponse } from "#app/web/csv.server.ts";
import { loadRoster } from "#app/web/roster.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const { branch, date, shifts, errors } = await loadRoster(request);
  if (Object.keys(errors).length > 0 || !branch) return new Response("Bad filter.", { status: 400 });
  return csvResponse(
    [
      ["date", "time", "role", "name", "mobile", "signed_in", "signed_out"],
      ...shifts.flatMap((s) => s.people.map((p) => [date, formatClockRange(s.startsAt, s.endsAt, s.timezone), s.roleZh, p.name, p.phone ?? "", "", ""])),
    ],
    `shuxiang-roster-${branch.code}-${date}.csv`,
  );
}

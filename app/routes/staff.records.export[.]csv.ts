// GET /staff/records/export.csv?from=…&to=…&branch=… — service records, one row per volunteer per
// activity, UTF-8 with a byte-order mark so Excel opens Chinese correctly.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { toCsv } from "#app/modules/records/export.server.ts";
import { loadRecordsExport } from "#app/web/records-export.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const loaded = await loadRecordsExport(request);
  if (loaded instanceof Response) return loaded;
  return new Response(toCsv(loaded.table), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${loaded.name}.csv"`, "Cache-Control": "private, no-store" },
  });
}

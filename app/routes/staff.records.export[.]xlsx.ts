// GET /staff/records/export.xlsx?from=…&to=…&branch=… — the same table as the CSV, as an Excel workbook.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { toXlsx } from "#app/modules/records/export.server.ts";
import { loadRecordsExport } from "#app/web/records-export.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const loaded = await loadRecordsExport(request);
  if (loaded instanceof Response) return loaded;
  return new Response(new Uint8Array(await toXlsx(loaded.table)), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${loaded.name}.xlsx"`,
      "Cache-Control": "private, no-store",
    },
  });
}

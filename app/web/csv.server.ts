// A CSV download: UTF-8 with a byte-order mark, so Excel opens Chinese correctly; never cached.
import { stringify } from "csv-stringify/sync";

export function csvResponse(rows: ReadonlyArray<ReadonlyArray<unknown>>, filename: string): Response {
  return new Response("\uFEFF" + stringify(rows as unknown[][]), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "private, no-store" },
  });
}

import { sql } from "kysely";
import { getServices } from "#app/services.server.ts";

export async function loader() {
  try {
    const { db, storeKind } = await getServices();
    await sql`SELECT 1`.execute(db);
    return Response.json({ status: "ok", database: storeKind }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "unavailable", database: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}

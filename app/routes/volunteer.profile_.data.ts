// The volunteer's own data as a JSON download (PIPL: the right to a copy of one's personal data).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireVolunteer } from "#app/web/guards.server.ts";
import { exportPersonalData } from "#app/modules/volunteers/profile.server.ts";
import { getServices } from "#app/services.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireVolunteer(request);
  const { db } = await getServices();
  const body = await exportPersonalData(db, user.id);
  if (!body) throw new Response("Not Found", { status: 404 });
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="shuxiang-my-data-${new Date().toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}

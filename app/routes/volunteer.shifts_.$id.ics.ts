// GET /volunteer/shifts/<id>/ics — "add to calendar" for one booked shift, for the signed-in
// volunteer only (the same UID and SEQUENCE as the emailed invite, so calendars merge them).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { intId } from "#app/lib/input.ts";
import { requireVolunteer } from "#app/web/guards.server.ts";
import { buildFeed } from "#app/modules/calendar/ical.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { bookingCalendarQuery, shiftCalendarItem, type BookingCalendarRow } from "#app/modules/shifts/notify.server.ts";
import { getServices } from "#app/services.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireVolunteer(request);
  const id = intId.safeParse(params.id);
  if (!id.success) throw new Response("Not Found", { status: 404 });
  const services = await getServices();
  const deps = appDeps(services);
  const row = (await bookingCalendarQuery(services.db)
    .where("b.shift_id", "=", id.data)
    .where("b.volunteer_id", "=", user.id)
    .where("b.status", "=", "confirmed")
    .where("s.status", "=", "scheduled")
    .executeTakeFirst()) as BookingCalendarRow | undefined;
  if (!row) throw new Response("Not Found", { status: 404 });
  const item = shiftCalendarItem(row, deps.publicUrl.hostname, deps.publicUrl, false);
  return new Response(buildFeed(item.summary, [item]), {
    headers: { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": `attachment; filename="shift-${id.data}.ics"`, "Cache-Control": "private, no-store" },
  });
}

// GET /events/registration/<token>/ics — "add to calendar" from the registration's private page
// (the same UID and SEQUENCE as the emailed invite, so calendars merge them).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { hashToken } from "#app/lib/tokens.server.ts";
import { buildFeed } from "#app/modules/calendar/ical.server.ts";
import { registrationCalendarItem, registrationQuery, type RegistrationRow } from "#app/modules/events/notify.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { getServices } from "#app/services.server.ts";

export async function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new Response("Not Found", { status: 404 });
  const services = await getServices();
  const deps = appDeps(services);
  const row = (await registrationQuery(services.db)
    .where("g.token_hash", "=", hashToken(token))
    .where("g.status", "=", "confirmed")
    .where("ev.status", "=", "scheduled")
    .where("ev.ends_at", ">", new Date())
    .executeTakeFirst()) as RegistrationRow | undefined;
  if (!row) throw new Response("Not Found", { status: 404 });
  const item = registrationCalendarItem(row, deps, false);
  return new Response(buildFeed(item.summary, [item]), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="event-${row.event_id}.ics"`,
      "Cache-Control": "private, no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}

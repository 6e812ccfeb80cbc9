import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "#app/web/guards.server.ts";
import { getMailboxMessage } from "#app/modules/mail/mailbox.server.ts";
import { getServices } from "#app/services.server.ts";

// The calendar part of a mailbox message, as the file a mail client would have received.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "delivery.view");
  const { db } = await getServices();
  const message = await getMailboxMessage(db, Number(params.id) || 0);
  if (!message?.ical) return new Response("Not Found", { status: 404 });
  return new Response(message.ical, {
    headers: {
      "Content-Type": `text/calendar; charset=utf-8; method=${message.ical_method ?? "PUBLISH"}`,
      "Content-Disposition": `attachment; filename="invite-${message.id}.ics"`,
      "Cache-Control": "no-store",
    },
  });
}

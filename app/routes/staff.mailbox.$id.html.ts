import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "#app/web/guards.server.ts";
import { getMailboxMessage } from "#app/modules/mail/mailbox.server.ts";
import { getServices } from "#app/services.server.ts";

// The HTML part, served alone with a CSP that lets no script run, for the sandboxed preview frame.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "delivery.view");
  const { db } = await getServices();
  const message = await getMailboxMessage(db, Number(params.id) || 0);
  if (!message) return new Response("Not Found", { status: 404 });
  return new Response(message.html_body, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
      "X-Frame-Options": "SAMEORIGIN",
      "Cache-Control": "no-store",
    },
  });
}

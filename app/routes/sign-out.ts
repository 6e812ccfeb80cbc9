import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { endSession } from "#app/modules/auth/session.server.ts";
import { getServices } from "#app/services.server.ts";
import { formValues } from "#app/lib/input.ts";

// "everywhere" ends every session of the signed-in person, not just this browser's.
const signOutForm = z.object({ scope: z.enum(["here", "everywhere"]).default("here") });

export async function action({ request }: ActionFunctionArgs) {
  const parsed = signOutForm.safeParse(formValues(await request.formData()));
  if (!parsed.success) return new Response("Unknown sign-out scope.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const { db, config } = await getServices();
  const cookie = await endSession(db, config, request, { everywhere: parsed.data.scope === "everywhere" });
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export function loader() {
  return redirect("/");
}

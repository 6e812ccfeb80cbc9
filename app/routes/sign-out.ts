import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { endSession } from "#app/modules/auth/session.server.ts";
import { getServices } from "#app/services.server.ts";
import { parseForm, refuseResponse } from "#app/lib/form.server.ts";

// "everywhere" ends every session of the signed-in person, not just this browser's.
const signOutForm = z.object({ scope: z.enum(["here", "everywhere"]).default("here") });

export async function action({ request }: ActionFunctionArgs) {
  const submission = await parseForm(request, signOutForm);
  if (submission.status !== "success") return refuseResponse(submission);
  const { db, config } = await getServices();
  const cookie = await endSession(db, config, request, { everywhere: submission.value.scope === "everywhere" });
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export function loader() {
  return redirect("/");
}

import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { supportedLocales } from "#app/i18n/config.ts";
import { localeCookie } from "#app/i18n/i18n.server.ts";
import { safeRedirectPath } from "#app/lib/safe-redirect.ts";
import { parseForm, refuseResponse } from "#app/lib/form.server.ts";
import { oneOf } from "#app/lib/input.ts";

// Where to go back to is checked by safeRedirectPath (anything unsafe goes home).
const languageForm = z.object({ locale: oneOf(supportedLocales), redirectTo: z.unknown() });

export async function action({ request }: ActionFunctionArgs) {
  const submission = await parseForm(request, languageForm);
  if (submission.status !== "success") return refuseResponse(submission);
  return redirect(safeRedirectPath(submission.value.redirectTo, "/"), {
    headers: { "Set-Cookie": await localeCookie.serialize(submission.value.locale) },
  });
}

export function loader() {
  return redirect("/");
}

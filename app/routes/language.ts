import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLocale } from "#app/i18n/config.ts";
import { localeCookie } from "#app/i18n/i18n.server.ts";
import { safeRedirectPath } from "#app/lib/safe-redirect.ts";
import { formValues } from "#app/lib/input.ts";

export async function action({ request }: ActionFunctionArgs) {
  const { locale, redirectTo } = formValues(await request.formData());
  if (!isLocale(locale)) return new Response("Unknown language", { status: 400 });
  return redirect(safeRedirectPath(redirectTo, "/"), {
    headers: { "Set-Cookie": await localeCookie.serialize(locale) },
  });
}

export function loader() {
  return redirect("/");
}

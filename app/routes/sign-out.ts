import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "#app/modules/auth/session.server.ts";
import { getServices } from "#app/services.server.ts";

export async function action({ request }: ActionFunctionArgs) {
  const { db, config } = await getServices();
  return redirect("/", { headers: { "Set-Cookie": await endSession(db, config, request) } });
}

export function loader() {
  return redirect("/");
}

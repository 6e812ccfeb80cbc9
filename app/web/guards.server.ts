// Route guards (the web layer: they reach the running services, which no domain module does): each throws a Response (redirect to sign-in, 401 or 403) when the request may not pass.
import { redirect } from "@remix-run/node";
import { oncePerRequest } from "#app/lib/request-scope.server.ts";
import { getServices } from "#app/services.server.ts";
import { getCurrentUser, type CurrentUser } from "#app/modules/auth/session.server.ts";
import { can, forbidden, type Action, type StaffUser, type VolunteerUser } from "#app/modules/auth/policy.ts";


export function getUser(request: Request): Promise<CurrentUser | null> {
  // The root's loader and the page's ask at the same moment: one query answers both.
  return oncePerRequest(`user:${request.headers.get("Cookie") ?? ""}`, async () => {
    const { db, config } = await getServices();
    return getCurrentUser(db, config, request);
  });
}

/** Page visits go to the sign-in page and come back; anything else is answered 401. */
function unauthenticated(request: Request, signInPath: string): Response {
  const url = new URL(request.url);
  if (request.method === "GET" && !url.searchParams.has("_data")) {
    const params = new URLSearchParams({ redirectTo: url.pathname + url.search });
    return redirect(`${signInPath}?${params}`);
  }
  return new Response("Unauthorized", { status: 401 });
}

/** The account security page, where staff enrol a second factor. */
export const SECURITY_PATH = "/staff/security";


/** Staff only; with an action, only those the policy lets do it somewhere (the item's branch is checked after loading it). */
export async function requireStaff(request: Request, action?: Action): Promise<StaffUser> {
  const user = await getUser(request);
  if (!user) throw unauthenticated(request, "/sign-in");
  if (user.kind !== "staff") throw forbidden();
  // Until they enrol, such administrators can reach the enrolment page and nothing else.
  // (Single fetch asks for a page's data at "<path>.data": that is the same page.)
  if (user.mustEnrolTotp && new URL(request.url).pathname.replace(/\.data$/, "") !== SECURITY_PATH) throw redirect(SECURITY_PATH);
  if (action && !can(user, action)) throw forbidden();
  return user;
}

export async function requireVolunteer(request: Request): Promise<VolunteerUser> {
  const user = await getUser(request);
  if (!user) throw unauthenticated(request, "/volunteer/sign-in");
  if (user.kind !== "volunteer") throw forbidden();
  return user;
}



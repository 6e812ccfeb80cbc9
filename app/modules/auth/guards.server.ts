// Route guards: each throws a Response (redirect to sign-in, 401 or 403) when the request may not pass.
import { redirect } from "@remix-run/node";
import type { StaffRole } from "#db/schema.ts";
import { oncePerRequest } from "#app/modules/request-scope.server.ts";
import { getServices } from "#app/services.server.ts";
import { getCurrentUser, type CurrentUser } from "./session.server.ts";

export type StaffUser = Extract<CurrentUser, { kind: "staff" }>;
export type VolunteerUser = Extract<CurrentUser, { kind: "volunteer" }>;

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

const forbidden = () => new Response("Forbidden", { status: 403 });

export async function requireStaff(request: Request, roles?: readonly StaffRole[]): Promise<StaffUser> {
  const user = await getUser(request);
  if (!user) throw unauthenticated(request, "/sign-in");
  if (user.kind !== "staff") throw forbidden();
  // Until they enrol, such administrators can reach the enrolment page and nothing else.
  // (Single fetch asks for a page's data at "<path>.data": that is the same page.)
  if (user.mustEnrolTotp && new URL(request.url).pathname.replace(/\.data$/, "") !== SECURITY_PATH) throw redirect(SECURITY_PATH);
  if (roles && !roles.includes(user.role)) throw forbidden();
  return user;
}

export async function requireVolunteer(request: Request): Promise<VolunteerUser> {
  const user = await getUser(request);
  if (!user) throw unauthenticated(request, "/volunteer/sign-in");
  if (user.kind !== "volunteer") throw forbidden();
  return user;
}

/** Administrators see every branch; coordinators and desk staff only the branches they cover. */
export function canAccessBranch(user: StaffUser, branchCode: string): boolean {
  return user.role === "administrator" || user.branchCodes.includes(branchCode);
}

export function requireBranchAccess(user: StaffUser, branchCode: string): void {
  if (!canAccessBranch(user, branchCode)) throw forbidden();
}

// Control characters and backslashes, raw or percent-encoded: browsers drop tabs and newlines
// from a URL and read "\\" as "/", so "/%09/evil.example" or "/\\evil.example" would leave the site.
const UNSAFE_IN_PATH = /[\u0000-\u001F\u007F\\]/;
const ORIGIN = "http://redirect.invalid";

/**
 * Only same-site paths: an open redirect would let a link send people anywhere after sign-in.
 * The target is parsed as a URL against a placeholder origin and kept only when it stays there;
 * what comes back is the parsed path, query and fragment, never the raw input.
 */
export function safeRedirectPath(target: unknown, fallback: string): string {
  if (typeof target !== "string" || target.length > 2000 || !target.startsWith("/") || UNSAFE_IN_PATH.test(target)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    return fallback;
  }
  if (UNSAFE_IN_PATH.test(decoded) || decoded.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(target, ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== ORIGIN) return fallback;
  return url.pathname + url.search + url.hash;
}

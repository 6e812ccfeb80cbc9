// "Say what happened": a change that redirects leaves a message for the next page in a short-lived
// cookie; the root loader reads it once and clears it, and the layout shows it (flash message).
import { createCookie, redirect } from "@remix-run/node";

export type Flash = { key: string; values?: Record<string, string | number> };

const flashCookie = createCookie("sx_flash", { path: "/", httpOnly: true, sameSite: "lax", maxAge: 120 });

function isFlash(value: unknown): value is Flash {
  if (typeof value !== "object" || value === null) return false;
  const { key, values } = value as Record<string, unknown>;
  // Only our own message keys: the cookie is not signed, so it may carry nothing but a message to translate.
  return typeof key === "string" && key.startsWith("flash.") && (values === undefined || (typeof values === "object" && values !== null));
}

/** A redirect that says what was done on the page it leads to. */
export async function redirectWithFlash(url: string, flash: Flash): Promise<Response> {
  return redirect(url, { headers: { "Set-Cookie": await flashCookie.serialize(flash) } });
}

/** The message waiting for this request, and the header that clears it. */
export async function takeFlash(request: Request): Promise<{ flash: Flash | null; headers: HeadersInit }> {
  const cookie = request.headers.get("Cookie");
  if (!cookie?.includes("sx_flash=")) return { flash: null, headers: {} };
  const value: unknown = await flashCookie.parse(cookie);
  return { flash: isFlash(value) ? value : null, headers: { "Set-Cookie": await flashCookie.serialize("", { maxAge: 0 }) } };
}

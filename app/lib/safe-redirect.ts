// Where a sign-in may send people afterwards: only back into this site.
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

// What leaves the app in a page is the text it was given: against the built app on demo data, every
// page each role can reach by following links (both languages) comes back with identity encoding as
// valid UTF-8 with no NUL byte and no U+FFFD, and never as a server error. React 18's streaming
// renderer once put NULs inside Chinese text wherever a character met the end of its 2 KB buffer.
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_VOLUNTEER_EMAIL } from "#db/seed/index.ts";
import type { TestDatabase } from "#tests/support/database.ts";
import { sessionCookie, startAppOnCopy, stopAppOnCopy, type AppProcess } from "#tests/support/app-process.ts";

const SECRET = "page-bytes-session-secret-0123456789abcdefgh";
let t: TestDatabase;
let app: AppProcess;

beforeAll(async () => void ({ t, app } = await startAppOnCopy(SECRET)), 90_000);
afterAll(() => stopAppOnCopy({ t, app }));

const cookieFor = async (who: { staff: string } | { volunteer: string } | null) => (who ? sessionCookie(t.db, app, SECRET, who) : undefined);

// Pages that end the session or only change state are not followed.
const SKIP = /^\/(sign-out|volunteer\/sign-out|language)\b/;
// Many links differ only by an id or a date: a few of each shape are enough.
const shapeOf = (path: string) => path.replace(/\d+/g, "#").replace(/\?.*$/, "?");
const PER_SHAPE = 3;
const MAX_PAGES = 120;

interface Finding {
  url: string;
  problem: string;
}

async function crawl(cookie: string | undefined, language: string, start: string[]): Promise<{ seen: number; findings: Finding[] }> {
  const queue = [...start];
  const seen = new Set<string>();
  const shapes = new Map<string, number>();
  const findings: Finding[] = [];
  while (queue.length > 0 && seen.size < MAX_PAGES) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    const shape = shapeOf(path);
    if ((shapes.get(shape) ?? 0) >= PER_SHAPE) continue;
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    seen.add(path);
    const res = await fetch(app.url + path, {
      headers: { "Accept-Encoding": "identity", "Accept-Language": language, ...(cookie ? { Cookie: cookie } : {}) },
      redirect: "manual",
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status >= 500) findings.push({ url: path, problem: `status ${res.status}` });
    // Text is checked; a spreadsheet or an image is not text.
    if (!/^text\/|json|calendar/.test(res.headers.get("content-type") ?? "text/html")) continue;
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      findings.push({ url: path, problem: "not valid UTF-8" });
      continue;
    }
    const nul = text.indexOf("\u0000");
    if (nul >= 0) findings.push({ url: path, problem: `NUL at ${nul}: ${JSON.stringify(text.slice(Math.max(0, nul - 12), nul + 12))}` });
    const replacement = text.indexOf("\uFFFD");
    if (replacement >= 0) findings.push({ url: path, problem: `U+FFFD at ${replacement}: ${JSON.stringify(text.slice(Math.max(0, replacement - 12), replacement + 12))}` });
    if (!(res.headers.get("content-type") ?? "").startsWith("text/html")) continue;
    for (const m of text.matchAll(/<a\b[^>]*\bhref="([^"#]*)/g)) {
      const href = m[1].replaceAll("&amp;", "&");
      if (!href.startsWith("/") || href.startsWith("//") || SKIP.test(href)) continue;
      if (!seen.has(href)) queue.push(href);
    }
  }
  return { seen: seen.size, findings };
}

const roles = [
  { name: "anonymous", who: null, start: ["/", "/events", "/join", "/join/apply", "/feedback", "/certificates", "/sign-in", "/volunteer/sign-in"] },
  { name: "volunteer", who: { volunteer: DEMO_VOLUNTEER_EMAIL }, start: ["/volunteer", "/volunteer/shifts", "/volunteer/profile"] },
  { name: "desk", who: { staff: "desk.gulou@shuxiang.example" }, start: ["/staff", "/staff/check-in"] },
  { name: "coordinator", who: { staff: "coord.gulou@shuxiang.example" }, start: ["/staff", "/staff/board", "/staff/shifts", "/staff/events"] },
  { name: "coordinator of street branches", who: { staff: "coord.streets@shuxiang.example" }, start: ["/staff", "/staff/board"] },
  { name: "administrator", who: { staff: "admin@shuxiang.example" }, start: ["/staff", "/staff/reports", "/staff/deliveries", "/staff/admin/audit"] },
] as const;

for (const role of roles) {
  for (const language of ["zh-CN", "en"]) {
    it(`${role.name} (${language}): every page reachable by links is valid UTF-8 with no NUL or U+FFFD, and none is a 5xx`, async () => {
      const { seen, findings } = await crawl(await cookieFor(role.who), language, [...role.start]);
      expect(findings).toEqual([]);
      // The crawl really went round the site, not just its first page.
      expect(seen).toBeGreaterThan(role.who ? 8 : 6);
    }, 120_000);
  }
}

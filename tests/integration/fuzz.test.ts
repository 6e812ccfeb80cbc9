// Hostile input against the built app on a private copy of the demo data: as each role (anonymous,
// volunteer, desk, coordinator, administrator) it follows the links, finds every form (method,
// action, fields, hidden ones too) and every GET filter, and sends each field bad values one at a
// time — impossible dates, NUL and other control characters, 10,000 characters, scripts, SQL,
// emoji and right-to-left marks, negative and huge numbers, unknown choices, a field sent twice or
// left out — then a JSON body and an oversized chunked body. Nothing may answer 5xx, and no table
// may change. Only invalid values are sent: where a script, SQL or emoji would be fair text (a
// shift's notes), it goes with a control character or beyond every length limit.
import http from "node:http";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_VOLUNTEER_EMAIL } from "#db/seed/index.ts";
import type { TestDatabase } from "#tests/support/database.ts";
import { sessionCookie, startAppOnCopy, stopAppOnCopy, type AppProcess } from "#tests/support/app-process.ts";

const SECRET = "fuzz-session-secret-0123456789abcdefghijklmn";
let t: TestDatabase;
let app: AppProcess;

beforeAll(async () => void ({ t, app } = await startAppOnCopy(SECRET)), 90_000);
afterAll(() => stopAppOnCopy({ t, app }));

// Tables a refused request may still write, and why:
// - sessions: every signed-in request moves the session's last-seen time;
// - sign_in_codes, staff_sign_in_failures: the sign-in forms count refused tries against their
//   rate limits on purpose (docs/decisions/0017-sign-in-protection.md).
const MAY_CHANGE = new Set(["shuxiang.sessions", "shuxiang.sign_in_codes", "shuxiang.staff_sign_in_failures"]);

/** One digest per table of our schemas and the library's, taken before and compared after. */
async function tableDigests(): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`
    SELECT schemaname || '.' || tablename AS name FROM pg_tables
    WHERE schemaname IN ('shuxiang', 'library') ORDER BY 1`.execute(t.db);
  const digests: Record<string, string> = {};
  for (const { name } of tables.rows) {
    if (MAY_CHANGE.has(name)) continue;
    const [schema, table] = name.split(".");
    const row = await sql<{ digest: string | null }>`SELECT md5(string_agg(r::text, '|' ORDER BY r::text)) AS digest FROM ${sql.table(`${schema}.${table}`)} r`.execute(t.db);
    digests[name] = row.rows[0].digest ?? "empty";
  }
  return digests;
}

// ---- Finding forms ------------------------------------------------------------------------------

interface Field {
  name: string;
  kind: "hidden" | "text" | "textarea" | "select" | "checkbox" | "radio" | "date" | "time" | "number" | "email" | "other";
  value: string;
  /** Sent as the form stands (an unticked box is not). */
  sent: boolean;
}
interface FoundForm {
  page: string;
  method: "get" | "post";
  action: string;
  fields: Field[];
}

const decode = (s: string) => s.replaceAll("&quot;", '"').replaceAll("&#x27;", "'").replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
const attr = (attrs: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(attrs);
  return m ? decode(m[1]) : undefined;
};

function formsIn(page: string, html: string): FoundForm[] {
  const forms: FoundForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const method = (attr(m[1], "method") ?? "get").toLowerCase() === "post" ? "post" : "get";
    const action = new URL(attr(m[1], "action") ?? page, "http://x").pathname + (new URL(attr(m[1], "action") ?? page, "http://x").search ?? "");
    const body = m[2];
    const fields: Field[] = [];
    for (const input of body.matchAll(/<input\b([^>]*)>/g)) {
      const name = attr(input[1], "name");
      if (!name) continue;
      const type = (attr(input[1], "type") ?? "text").toLowerCase();
      const checked = /\schecked(="[^"]*")?/.test(input[1]);
      // A hidden field that carries free text (a previewed note sent on confirmation) says so: text values are its right values.
      const carriesText = /\bdata-free-text\b/.test(input[1]);
      const kind = (carriesText ? "other" : ["hidden", "checkbox", "radio", "date", "time", "number", "email"].includes(type) ? type : ["text", "search", "tel", "password", "url"].includes(type) ? "text" : "other") as Field["kind"];
      fields.push({ name, kind, value: attr(input[1], "value") ?? (kind === "checkbox" || kind === "radio" ? "on" : ""), sent: kind === "checkbox" || kind === "radio" ? checked : true });
    }
    for (const select of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attr(select[1], "name");
      if (!name) continue;
      const options = [...select[2].matchAll(/<option\b([^>]*)>/g)];
      const chosen = options.find((o) => /\sselected(="[^"]*")?/.test(o[1])) ?? options[0];
      fields.push({ name, kind: "select", value: chosen ? (attr(chosen[1], "value") ?? "") : "", sent: true });
    }
    for (const area of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = attr(area[1], "name");
      if (name) fields.push({ name, kind: "textarea", value: decode(area[2]), sent: true });
    }
    // Each named submit button is its own submission (several intents in one form).
    const buttons = [...body.matchAll(/<button\b([^>]*)>/g)].map((b) => ({ name: attr(b[1], "name"), value: attr(b[1], "value") ?? "" })).filter((b) => b.name);
    if (buttons.length === 0) forms.push({ page, method, action, fields });
    for (const b of buttons) forms.push({ page, method, action, fields: [...fields, { name: b.name!, kind: "hidden", value: b.value, sent: true }] });
  }
  return forms;
}

// ---- Bad values ---------------------------------------------------------------------------------

const LONG = "书".repeat(10_000);
const overLong = (s: string) => s.repeat(Math.ceil(10_000 / s.length));
// Wrong for a field of any kind, free text included.
const ALWAYS_BAD = [
  "\u0000",
  "a\u0000b",
  "nul%00 \u0000 in the middle",
  "bell\u0007",
  "escape\u001b[31m",
  LONG,
  overLong("<script>alert(1)</script>"),
  "<script>alert(1)</script>\u0000",
  "'; DROP TABLE shuxiang.shifts; --\u0000",
  overLong("' OR '1'='1"),
  "😀👩‍👩‍👧\u0000",
  overLong("😀"),
  "\u202Eevil\u202C\u0000",
  overLong("\u200F\u202E"),
];
// Wrong for anything but free text: ids, numbers, dates, times, choices, emails, checkboxes.
const BAD_UNLESS_TEXT = [
  "2026-02-30",
  "2026-13-45",
  "0000-00-00",
  "99999-01-01",
  "-1",
  "-2147483649",
  "999999999999",
  "2147483648",
  "1e309",
  "NaN",
  "0x10",
  "not-a-choice",
  "<script>alert(1)</script>",
  "1' OR '1'='1",
  "1; DROP TABLE shuxiang.shifts",
  "😀",
  "\u202E1",
  "25:61",
];

interface Attempt {
  form: FoundForm;
  label: string;
  fields: Array<[string, string]>;
}

// A fixed seed: each field gets the same few of the bad values on every run, and across the
// forms every value is sent many times.
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(19);
const PER_FIELD = 5;
const pick = (values: string[]) => values.map((v) => [random(), v] as const).sort((a, b) => a[0] - b[0]).slice(0, PER_FIELD).map(([, v]) => v);

function attempts(form: FoundForm): Attempt[] {
  const base = form.fields.filter((f) => f.sent).map((f): [string, string] => [f.name, f.value]);
  const names = [...new Set(form.fields.map((f) => f.name))];
  const out: Attempt[] = [];
  for (const name of names) {
    const kinds = new Set(form.fields.filter((f) => f.name === name).map((f) => f.kind));
    const freeText = kinds.has("text") || kinds.has("textarea") || kinds.has("other");
    const values = freeText ? ALWAYS_BAD : [...ALWAYS_BAD, ...BAD_UNLESS_TEXT];
    const without = base.filter(([n]) => n !== name);
    for (const value of pick(values)) out.push({ form, label: `${name}=${JSON.stringify(value.slice(0, 30))}`, fields: [...without, [name, value]] });
    if (kinds.has("hidden")) {
      // A hidden field sent twice (with different values), or left out.
      const own = base.find(([n]) => n === name)?.[1] ?? "";
      out.push({ form, label: `${name} twice`, fields: [...base, [name, own === "1" ? "2" : "1"]] });
      out.push({ form, label: `${name} missing`, fields: without });
    }
  }
  return out;
}

// ---- Crawling and sending -----------------------------------------------------------------------

const SKIP_LINK = /^\/(sign-out|language)\b/;
const SKIP_FORM = /^\/sign-out\b/; // the only form not fuzzed: it ends the session the crawl uses
const shapeOf = (path: string) => path.replace(/\d+/g, "#").replace(/\?.*$/, "?");
const PER_SHAPE = 2;
const MAX_PAGES = 60;

async function get(path: string, cookie: string | undefined) {
  return fetch(app.url + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
}

async function crawl(cookie: string | undefined, start: string[]): Promise<FoundForm[]> {
  const queue = [...start];
  const seen = new Set<string>();
  const shapes = new Map<string, number>();
  const forms = new Map<string, FoundForm>();
  while (queue.length > 0 && seen.size < MAX_PAGES) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    const shape = shapeOf(path);
    if ((shapes.get(shape) ?? 0) >= PER_SHAPE) continue;
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    seen.add(path);
    const res = await get(path, cookie);
    if (!(res.headers.get("content-type") ?? "").startsWith("text/html")) continue;
    const html = await res.text();
    for (const form of formsIn(path, html)) {
      // Forms alike on many pages (a booking button per shift) are tried on one of them.
      const key = `${form.method} ${shapeOf(form.action)} ${form.fields.map((f) => f.name).join(",")} ${form.fields.filter((f) => f.kind === "hidden").map((f) => `${f.name}=${/^\d+$/.test(f.value) ? "#" : f.value}`).join(",")}`;
      if (!forms.has(key) && !SKIP_FORM.test(form.action)) forms.set(key, form);
    }
    for (const m of html.matchAll(/<a\b[^>]*\bhref="([^"#]*)/g)) {
      const href = decode(m[1]);
      if (!href.startsWith("/") || href.startsWith("//") || SKIP_LINK.test(href)) continue;
      if (!seen.has(href)) queue.push(href);
    }
  }
  return [...forms.values()];
}

async function send(attempt: Attempt, cookie: string | undefined): Promise<number> {
  const body = new URLSearchParams(attempt.fields);
  const headers: Record<string, string> = { Origin: app.url, ...(cookie ? { Cookie: cookie } : {}) };
  if (attempt.form.method === "get") {
    const url = new URL(attempt.form.action, app.url);
    for (const [k, v] of body) url.searchParams.append(k, v);
    const res = await fetch(url, { headers, redirect: "manual" });
    await res.arrayBuffer();
    return res.status;
  }
  const res = await fetch(app.url + attempt.form.action, { method: "POST", headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" }, body, redirect: "manual" });
  await res.arrayBuffer();
  return res.status;
}

const roles = [
  { name: "anonymous", who: null, start: ["/", "/events", "/join", "/join/apply", "/feedback", "/certificates", "/sign-in", "/volunteer/sign-in"] },
  { name: "volunteer", who: { volunteer: DEMO_VOLUNTEER_EMAIL }, start: ["/volunteer", "/volunteer/shifts", "/volunteer/profile", "/volunteer/schedule", "/volunteer/hours", "/events"] },
  { name: "desk", who: { staff: "desk.gulou@shuxiang.example" }, start: ["/staff", "/staff/check-in"] },
  { name: "coordinator", who: { staff: "coord.gulou@shuxiang.example" }, start: ["/staff", "/staff/board", "/staff/shifts", "/staff/events", "/staff/applications", "/staff/trainings"] },
  { name: "administrator", who: { staff: "admin@shuxiang.example" }, start: ["/staff", "/staff/admin/branches", "/staff/admin/staff", "/staff/admin/catalogue", "/staff/admin/retention", "/staff/admin/audit", "/staff/reports", "/staff/deliveries", "/staff/feedback"] },
] as const;

/** Runs `work` over `items`, a few at a time (the app serves several requests at once). */
async function inParallel<T>(items: T[], work: (item: T) => Promise<void>, lanes = process.env.FUZZ_DEBUG === "1" ? 1 : 6): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

for (const role of roles) {
  it(`as ${role.name}, every form and filter answers bad values without a 5xx and changes nothing`, async () => {
    const cookie = role.who ? await sessionCookie(t.db, app, SECRET, role.who) : undefined;
    const forms = await crawl(cookie, [...role.start]);
    const before = await tableDigests();
    const failures: string[] = [];
    const statuses: Record<number, number> = {};
    const all = forms.flatMap(attempts);
    const debug = process.env.FUZZ_DEBUG === "1";
    await inParallel(all, async (attempt) => {
      const status = await send(attempt, cookie).catch((error: Error) => { failures.push(`${attempt.form.action} ${attempt.label}: ${error.message} ${String((error.cause as Error)?.message)}`); return 0; });
      if (debug) {
        const now = await tableDigests();
        const changed = Object.keys(before).filter((name) => before[name] !== now[name]);
        if (changed.length) throw new Error(`${attempt.form.method} ${attempt.form.action} (from ${attempt.form.page}) ${attempt.label} → ${status} changed ${changed} ${JSON.stringify(attempt.fields).slice(0, 600)}`);
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status >= 500) failures.push(`${attempt.form.method.toUpperCase()} ${attempt.form.action} (from ${attempt.form.page}) ${attempt.label} → ${status}`);
    });
    await inParallel(forms.filter((f) => f.method === "post"), async (form) => {
      const json = await fetch(app.url + form.action, { method: "POST", headers: { Origin: app.url, "Content-Type": "application/json", ...(cookie ? { Cookie: cookie } : {}) }, body: JSON.stringify(Object.fromEntries(form.fields.map((f) => [f.name, f.value]))), redirect: "manual" });
      await json.arrayBuffer();
      if (json.status !== 415) failures.push(`JSON to ${form.action} → ${json.status}`);
      const { status } = await chunkedPost(form.action, cookie, 3 * 1024 * 1024);
      if (status !== 413) failures.push(`3 MB chunked to ${form.action} → ${status}`);
    });
    const after = await tableDigests();
    console.log(JSON.stringify({ role: role.name, forms: forms.length, posts: forms.filter((f) => f.method === "post").length, requests: all.length, statuses }));
    expect(failures).toEqual([]);
    expect(Object.keys(before).filter((name) => before[name] !== after[name])).toEqual([]);
    // The crawl really found the forms this role has.
    expect(forms.length).toBeGreaterThan(role.who ? 5 : 4);
  }, 360_000); // ~40 s on a quiet 2-core machine; generous because the whole suite may share it
}

/** Streams `total` bytes of form body in 64 KB chunks (no Content-Length) and counts what was written before the answer. */
function chunkedPost(path: string, cookie: string | undefined, total: number): Promise<{ status: number; written: number }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = http.request(new URL(path, app.url), { method: "POST", headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked", ...(cookie ? { Cookie: cookie } : {}) } }, (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, written });
      req.destroy();
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.from("q=" + "a".repeat(64 * 1024 - 2));
    const pump = () => {
      while (!answered && written < total) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

it("refuses a 30 MB chunked body with 413 after reading about the limit, not the whole body", async () => {
  const { status, written } = await chunkedPost("/feedback", undefined, 30 * 1024 * 1024);
  expect(status).toBe(413);
  // The answer came while most of the body was still unsent: the server stopped reading it.
  expect(written).toBeLessThan(10 * 1024 * 1024);
});

it("answers impossible dates in filters with 400 and the message beside the filter", async () => {
  const volunteer = await sessionCookie(t.db, app, SECRET, { volunteer: DEMO_VOLUNTEER_EMAIL });
  const coordinator = await sessionCookie(t.db, app, SECRET, { staff: "coord.gulou@shuxiang.example" });
  const admin = await sessionCookie(t.db, app, SECRET, { staff: "admin@shuxiang.example" });
  for (const [path, cookie, id] of [
    ["/events?from=2026-02-30", undefined, "f-from"],
    ["/events?to=2026-13-45", undefined, "f-to"],
    ["/volunteer/shifts?from=2026-02-30", volunteer, "f-from"],
    ["/staff/shifts?from=2026-02-30", coordinator, "l-from"],
    ["/staff/applications?to=2026-13-45", coordinator, "p-to"],
    ["/staff/admin/audit?from=2026-02-30", admin, "a-from"],
    ["/staff/admin/audit?person=999999999999", admin, "a-person"],
    ["/staff/applications?role=999999999999", coordinator, "p-role"],
    ["/events?kind=not-a-kind", undefined, "f-kind"],
    ["/events?branch=GL&branch=FC", undefined, "f-branch"],
    ["/staff/board?week=2026-02-30", coordinator, "b-week"],
    ["/staff/board?role=999999999999", coordinator, "b-role"],
    ["/staff/board?rows=diagonal", coordinator, "b-rows"],
    ["/staff/reports?period=custom&from=2026-02-30&to=2026-03-31", admin, "r-from"],
    ["/staff/reports?period=month&month=2026-13", admin, "r-month"],
  ] as const) {
    const res = await fetch(app.url + path, { headers: { "Accept-Language": "en", ...(cookie ? { Cookie: cookie } : {}) } });
    const html = await res.text();
    expect(res.status, path).toBe(400);
    // The filter points at its message, and the message is there.
    expect(html, path).toMatch(new RegExp(`id="${id}"[^>]*aria-describedby="${id}-error"`));
    expect(html, path).toMatch(new RegExp(`<p id="${id}-error" class="field-error" role="alert">[^<]+</p>`));
  }
});

it("answers a weekly plan with one weekday and a refused field with 400 and the message, not a 500", async () => {
  const coordinator = await sessionCookie(t.db, app, SECRET, { staff: "coord.gulou@shuxiang.example" });
  const role = await t.db.selectFrom("shuxiang.roles").select("id").where("active", "=", true).executeTakeFirstOrThrow();
  const before = await tableDigests();
  const res = await fetch(`${app.url}/staff/shifts?index`, {
    method: "POST",
    headers: { Cookie: coordinator, Origin: app.url, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en" },
    body: new URLSearchParams({ branch: "GL", roleId: String(role.id), date: "2020-01-06", start: "09:00", end: "12:00", capacity: "0", minNeeded: "0", repeat: "weekly", weekdays: "3", count: "4" }),
  });
  const html = await res.text();
  expect(res.status).toBe(400);
  expect(html).toContain('class="field-error"');
  // The one ticked weekday is still ticked.
  expect(html).toContain('<input type="checkbox" name="weekdays" checked="" value="3"/>');
  expect(await tableDigests()).toEqual(before);
});

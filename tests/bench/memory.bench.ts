// Memory benchmark (issue 21): a production build on PostgreSQL takes three rounds of mixed GET
// requests across roles and pages at a fixed concurrency; after each round the process's own
// diagnostic report (node --report-on-signal, so the app needs no debug route) gives its V8 heap
// and external memory, /proc its RSS and, from smaps, where the resident memory lies. Printed, not
// asserted: targets are RSS ≤ 250 MB after round 3 and < 5 % growth from round 2 to round 3.
// Run: NODE_ENV=production npx vitest run --project bench tests/bench/memory.bench.ts
//      (BENCH_REQUESTS per round, default 10000; BENCH_CLIENTS, default 20; for experiments,
//      BENCH_START_FLAGS in place of the start script's node flags, BENCH_NODE_OPTIONS for more and BENCH_APP_ENV=NAME=value,… for its environment,
//      e.g. BENCH_APP_ENV=MALLOC_ARENA_MAX=2)
//      BENCH_STORE=embedded: the embedded store (PGlite in its own data folder, with the demo data, as
//      `npm start` runs without DATABASE_URL); one process holds that database, so the roles sign in
//      over HTTP (staff by password, the volunteer by the code the built-in mailbox shows).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { DEMO_STAFF_PASSWORD, DEMO_VOLUNTEER_EMAIL } from "#db/seed/index.ts";
import { createTestDatabase } from "#tests/support/database.ts";
import { sessionCookie, startApp } from "#tests/support/app-process.ts";
import { until } from "#tests/support/wait.ts";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const SECRET = "memory-bench-session-secret-0123456789abcdef";
const EMBEDDED = process.env.BENCH_STORE === "embedded";

/** A form posted as our own page posts it; the answer is not followed. */
const postForm = (url: string, page: string, fields: Record<string, string>, cookie?: string) =>
  fetch(url + page, { method: "POST", redirect: "manual", body: new URLSearchParams(fields), headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) } });

/** The session cookie a sign-in's redirect sets. */
function sessionOf(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => !/Max-Age=0/i.test(c));
  if (res.status !== 302 || !cookie) throw new Error(`Sign-in did not start a session (${res.status})`);
  return cookie.split(";")[0];
}

/** Signs the roles in over HTTP: the embedded store cannot be written from outside its process. */
async function signInOverHttp(url: string) {
  const staff = async (email: string) => sessionOf(await postForm(url, "/sign-in", { email, password: DEMO_STAFF_PASSWORD }));
  const administrator = await staff("admin@shuxiang.example");
  const asked = await postForm(url, "/volunteer/sign-in", { intent: "request", email: DEMO_VOLUNTEER_EMAIL });
  if (asked.status !== 200) throw new Error(`Asking for a sign-in code answered ${asked.status}`);
  // The code is in the message's subject, which the built-in mailbox lists (once the outbox has sent it).
  const code = await until(async () => {
    const page = await (await fetch(`${url}/staff/mailbox`, { headers: { Cookie: administrator } })).text();
    return /书香登录验证码：(\d{6})/.exec(page)?.[1];
  }, 30_000);
  const volunteer = sessionOf(await postForm(url, "/volunteer/sign-in", { intent: "verify", email: DEMO_VOLUNTEER_EMAIL, code }));
  return { anonymous: undefined, volunteer, desk: await staff("desk.gulou@shuxiang.example"), coordinator: await staff("coord.gulou@shuxiang.example"), administrator };
}

interface Report {
  header: { processId: number };
  javascriptHeap: { totalMemory: number; usedMemory: number; externalMemory: number; heapSpaces: Record<string, { memorySize: number }> };
  resourceUsage: { rss?: number };
}

/**
 * Where the resident memory is, from /proc/PID/smaps: files mapped (the node binary, ICU data,
 * libraries), malloc's main heap ([heap]) and the other anonymous mappings (the V8 heap's pages,
 * malloc's thread arenas and large allocations, array buffers).
 */
function residentParts(pid: number) {
  const parts = { files: 0, mallocMain: 0, anonymous: 0 };
  let kind: keyof typeof parts = "anonymous";
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (header) {
      kind = header[1] === "[heap]" ? "mallocMain" : header[1] && !header[1].startsWith("[") ? "files" : "anonymous";
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) parts[kind] += Number(rss[1]) * 1024;
  }
  return parts;
}

it("holds its memory over three rounds of mixed requests", async () => {
  const t = EMBEDDED ? undefined : await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuxiang-memory-data-"));
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), "shuxiang-memory-"));
  const app = await startApp({
    ...(t ? { DATABASE_URL: t.url, WORKERS: "off", DEMO_DATA: "never" } : { DATA_DIR: dataDir }),
    SESSION_SECRET: SECRET,
    ...(process.env.BENCH_APP_ENV ? Object.fromEntries(process.env.BENCH_APP_ENV.split(",").map((kv) => kv.split("=") as [string, string])) : {}),
    NODE_OPTIONS: `${process.env.BENCH_NODE_OPTIONS ?? ""} --report-on-signal --report-signal=SIGUSR2 --report-directory=${reports} --report-compact`,
  });
  try {
    const roles = t
      ? {
          anonymous: undefined,
          volunteer: await sessionCookie(t.db, app, SECRET, { volunteer: DEMO_VOLUNTEER_EMAIL }),
          desk: await sessionCookie(t.db, app, SECRET, { staff: "desk.gulou@shuxiang.example" }),
          coordinator: await sessionCookie(t.db, app, SECRET, { staff: "coord.gulou@shuxiang.example" }),
          administrator: await sessionCookie(t.db, app, SECRET, { staff: "admin@shuxiang.example" }),
        }
      : await signInOverHttp(app.url);
    console.log(`store: ${t ? "PostgreSQL" : "embedded (PGlite)"}`);
    // An event's page: the first the public list links to (read over HTTP: the embedded store is the app's).
    const eventId = /href="\/events\/(\d+)"/.exec(await (await fetch(`${app.url}/events`)).text())?.[1];
    if (!eventId) throw new Error("No event on /events");
    const mix: Array<[keyof typeof roles, string, string]> = [
      ["anonymous", "/", "zh-CN"],
      ["anonymous", "/events", "zh-CN"],
      ["anonymous", `/events/${eventId}`, "en"],
      ["anonymous", "/join", "en"],
      ["volunteer", "/volunteer", "zh-CN"],
      ["volunteer", "/volunteer/shifts", "zh-CN"],
      ["volunteer", "/volunteer/profile", "en"],
      ["desk", "/staff/check-in", "zh-CN"],
      ["coordinator", "/staff", "zh-CN"],
      ["coordinator", "/staff/board", "zh-CN"],
      ["coordinator", "/staff/shifts", "en"],
      ["coordinator", "/staff/events", "zh-CN"],
      ["coordinator", "/staff/applications", "zh-CN"],
      ["administrator", "/staff/reports", "zh-CN"],
      ["administrator", "/staff/deliveries", "en"],
      ["administrator", "/staff/admin/audit", "zh-CN"],
    ];
    type Measure = { rss: number; heapUsed: number; heapTotal: number; newSpace: number; external: number; parts: ReturnType<typeof residentParts> };
    const measure = async (): Promise<Measure> => {
      const before = new Set(fs.readdirSync(reports));
      app.child.kill("SIGUSR2");
      const file = await until(async () => fs.readdirSync(reports).find((f) => !before.has(f) && f.endsWith(".json")), 10_000);
      const report = await until(async () => {
        try {
          return JSON.parse(fs.readFileSync(path.join(reports, file), "utf8")) as Report;
        } catch {
          return undefined; // still being written
        }
      }, 10_000);
      const status = fs.readFileSync(`/proc/${app.child.pid}/status`, "utf8");
      const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
      return { rss, heapUsed: report.javascriptHeap.usedMemory, heapTotal: report.javascriptHeap.totalMemory, newSpace: report.javascriptHeap.heapSpaces.new_space?.memorySize ?? 0, external: report.javascriptHeap.externalMemory, parts: residentParts(app.child.pid!) };
    };
    const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
    const describe = (m: Measure) =>
      `RSS ${mb(m.rss)}, heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)} (new space ${mb(m.newSpace)}), external ${mb(m.external)}; ` +
      `resident: anonymous ${mb(m.parts.anonymous)} (the V8 heap among them), malloc main ${mb(m.parts.mallocMain)}, files ${mb(m.parts.files)}`;
    const rounds: Array<Measure & { seconds: number; errors: number }> = [];
    const start = await measure();
    console.log(`start: ${describe(start)}`);
    for (let round = 1; round <= 3; round++) {
      let next = 0;
      let errors = 0;
      const began = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let i = next++; i < REQUESTS; i = next++) {
            const [role, page, language] = mix[i % mix.length];
            const cookie = roles[role];
            const res = await fetch(app.url + page, { headers: { "Accept-Language": language, ...(cookie ? { Cookie: cookie } : {}) } });
            await res.arrayBuffer();
            if (res.status !== 200) errors++;
          }
        }),
      );
      const seconds = (performance.now() - began) / 1000;
      const m = await measure();
      rounds.push({ ...m, seconds, errors });
      console.log(`round ${round}: ${REQUESTS} requests in ${seconds.toFixed(1)} s (${(REQUESTS / seconds).toFixed(0)}/s, ${errors} not 200); ${describe(m)}`);
    }
    const growth = (rounds[2].rss - rounds[1].rss) / rounds[1].rss;
    console.log(`RSS after round 3: ${mb(rounds[2].rss)} (target ≤ ${t ? 250 : 450} MB); growth round 2 → 3: ${(growth * 100).toFixed(1)} % (target < 5 %)`);
    expect(rounds.every((r) => r.errors === 0)).toBe(true);
  } finally {
    await app.stop();
    await t?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(reports, { recursive: true, force: true });
  }
}, 1_800_000);

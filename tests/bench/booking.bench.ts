// Booking benchmark (issue 21): bookings by 100 concurrent clients over 200 shifts, three ways in
// one run, each on fresh shifts and volunteers:
//   (a) the real route: a booking POST through server.ts and Remix (single fetch), production build;
//   (b) the HTTP floor: a bare node:http server calling the same build's booking action — the same
//       session lookup and the same statements, nothing else (tests/bench/booking-floor.ts);
//   (c) raw SQL: the booking's core (conditional counter, insert) as one transaction from here.
// Prints bookings/s, p50/p99 latency and the ratios real/floor; checks nothing was overbooked.
// Figures are printed, not asserted; the target is real ≥ 0.5× the floor's throughput, p99 ≤ 2×.
// Run: npm run build && NODE_ENV=production npx vitest run --project bench tests/bench/booking.bench.ts
//      (BENCH_CLIENTS, BENCH_BOOKINGS, BENCH_POOL to vary; BENCH_APP_NODE_OPTIONS for both servers' node flags)
import fs from "node:fs";
import { sql } from "kysely";
import pg from "pg";
import { expect, it } from "vitest";
import { loadConfig } from "#app/config.server.ts";
import { startSession } from "#app/modules/auth/session.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startApp, type AppProcess } from "#tests/support/app-process.ts";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100);
const ATTEMPTS = Number(process.env.BENCH_BOOKINGS ?? 4000);
const POOL = Number(process.env.BENCH_POOL ?? 20);
const SHIFTS = 200;
const CAPACITY = 10;
const SECRET = "bench-session-secret-0123456789abcdefghij";

interface Run {
  seconds: number;
  /** CPU time per booking (ms) of the server process, this database's PostgreSQL backends, and this (client) process. */
  cpu: { server: number; database: number; client: number };
  latencies: number[];
  confirmed: number;
  waitlisted: number;
  errors: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function prepare(t: TestDatabase, label: string) {
  // Fresh shifts next month at one branch, one at a time so nobody's bookings overlap, and fresh volunteers.
  const base = Date.now() + 40 * 86400_000;
  const shiftRows = await t.db
    .insertInto("shuxiang.shifts")
    .values(
      Array.from({ length: SHIFTS }, (_, i) => {
        const starts = new Date(base + i * 3 * 3600_000);
        return {
          branch_code: "GL",
          role_id: 1,
          local_date: starts.toISOString().slice(0, 10),
          starts_at: starts,
          ends_at: new Date(starts.getTime() + 2 * 3600_000),
          capacity: CAPACITY,
          min_needed: 1,
          notes: label,
        };
      }),
    )
    .returning("id")
    .execute();
  const volunteers = await t.db
    .insertInto("shuxiang.volunteers")
    .values(Array.from({ length: ATTEMPTS }, (_, i) => ({ email: `${label}-${i}@bench.example`, name: `压测${i}`, status: "appointed" as const })))
    .returning("id")
    .execute();
  return { shifts: shiftRows.map((r) => r.id), volunteers: volunteers.map((v) => v.id) };
}

/** CPU time (ms) each process has used so far, from /proc (gone processes are left out). */
function cpuTimes(pids: number[]): Map<number, number> {
  const times = new Map<number, number>();
  for (const pid of pids) {
    try {
      // After the command's closing parenthesis: state is field 3, utime and stime are 14 and 15 (in 1/100 s).
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      times.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // ended meanwhile
    }
  }
  return times;
}

const backends = async (t: TestDatabase) =>
  (await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(t.db)).rows.map((r) => r.pid);

function used(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** Runs `attempt(i)` for i = 0 … ATTEMPTS-1 from CLIENTS concurrent loops; `serverPid` is the server's process, if any. */
async function drive(t: TestDatabase, serverPid: number | undefined, attempt: (i: number) => Promise<"confirmed" | "waitlisted" | "error">): Promise<Run> {
  const latencies: number[] = [];
  const counts = { confirmed: 0, waitlisted: 0, error: 0 };
  let next = 0;
  const server = serverPid ? [serverPid] : [];
  const before = { server: cpuTimes(server), database: cpuTimes(await backends(t)), client: process.cpuUsage() };
  const began = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < ATTEMPTS; i = next++) {
        const t0 = performance.now();
        const outcome = await attempt(i);
        latencies.push(performance.now() - t0);
        counts[outcome]++;
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  const client = process.cpuUsage(before.client);
  const cpu = {
    server: used(before.server, cpuTimes(server)) / ATTEMPTS,
    database: used(before.database, cpuTimes(await backends(t))) / ATTEMPTS,
    client: (client.user + client.system) / 1000 / ATTEMPTS,
  };
  return { seconds, cpu, latencies: latencies.sort((a, b) => a - b), confirmed: counts.confirmed, waitlisted: counts.waitlisted, errors: counts.error };
}

async function overbooked(t: TestDatabase, shifts: number[]) {
  const rows = await t.db
    .selectFrom("shuxiang.shifts as s")
    .select(["s.id", "s.capacity", "s.booked", (eb) => eb.selectFrom("shuxiang.bookings as b").select((e) => e.fn.countAll<number>().as("n")).whereRef("b.shift_id", "=", "s.id").where("b.status", "=", "confirmed").as("confirmed")])
    .where("s.id", "in", shifts)
    .execute();
  return rows.filter((r) => Number(r.confirmed) > r.capacity || Number(r.confirmed) !== r.booked).length;
}

/** Signed-in volunteers for `volunteers`, as the cookies a server started with SECRET reads. */
async function cookiesFor(t: TestDatabase, url: string, volunteers: number[]) {
  const config = loadConfig({ DATABASE_URL: t.url, SESSION_SECRET: SECRET, PUBLIC_URL: url, DATA_DIR: "/tmp/shuxiang-bench" });
  const cookies: string[] = [];
  for (const volunteerId of volunteers) cookies.push((await startSession(t.db, config, new Request(url), { volunteerId })).split(";")[0]);
  return cookies;
}

/** Every attempt a different signed-in volunteer POSTing the booking form to `url` of a server on `t`. */
async function bookOverHttp(t: TestDatabase, server: AppProcess, label: string, path: string): Promise<Run & { overbooked: number }> {
  const side = await prepare(t, label);
  const cookies = await cookiesFor(t, server.url, side.volunteers);
  const post = (i: number) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { Cookie: cookies[i], Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "book", shiftId: String(side.shifts[i % SHIFTS]) }),
      redirect: "manual",
    });
  // Warm up (the first requests compile and connect): bookings of a shift that does not exist.
  for (let i = 0; i < 50; i++) {
    await (
      await fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { Cookie: cookies[0], Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "book", shiftId: "2147483647" }),
      })
    ).text();
  }
  const run = await drive(t, server.child.pid, async (i) => {
    const res = await post(i);
    const body = await res.text();
    if (res.status !== 200) return "error";
    return body.includes("shifts.waitlisted") ? "waitlisted" : body.includes("shifts.booked") ? "confirmed" : "error";
  });
  return { ...run, overbooked: await overbooked(t, side.shifts) };
}

it(`books ${ATTEMPTS} places through the real route, a bare HTTP server and raw SQL, ${CLIENTS} clients`, async () => {
  const t = await createTestDatabase();
  const env = { DATABASE_URL: t.url, SESSION_SECRET: SECRET, DATABASE_POOL_SIZE: String(POOL), WORKERS: "off", DEMO_DATA: "never", ...(process.env.BENCH_APP_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_APP_NODE_OPTIONS } : {}) };
  const raw = new pg.Pool({ connectionString: t.url, max: POOL });
  let server: AppProcess | undefined;
  try {
    // (a) The real route: the request a browser with JavaScript makes for this form (Remix single fetch).
    server = await startApp(env);
    const real = await bookOverHttp(t, server, "real", "/volunteer/shifts.data");
    await server.stop();
    // (b) The floor: the same action behind a bare node:http server.
    server = await startApp(env, { script: "tests/bench/booking-floor.ts" });
    const floor = await bookOverHttp(t, server, "floor", "/volunteer/shifts");
    await server.stop();
    server = undefined;

    // (c) Raw SQL: the booking's core as one transaction (conditional counter, insert confirmed or waitlisted).
    const sqlSide = await prepare(t, "raw");
    const rawRun = await drive(t, undefined, async (i) => {
      const client = await raw.connect();
      try {
        await client.query("BEGIN");
        const shiftId = sqlSide.shifts[i % SHIFTS];
        const took = await client.query(
          "UPDATE shuxiang.shifts SET booked = booked + 1 WHERE id = $1 AND booked < capacity RETURNING starts_at, ends_at",
          [shiftId],
        );
        const status = took.rowCount === 1 ? "confirmed" : "waitlisted";
        await client.query(
          `INSERT INTO shuxiang.bookings (shift_id, volunteer_id, status, starts_at, ends_at)
           SELECT id, $2, $3, starts_at, ends_at FROM shuxiang.shifts WHERE id = $1`,
          [shiftId, sqlSide.volunteers[i], status],
        );
        await client.query("COMMIT");
        return status;
      } catch {
        await client.query("ROLLBACK");
        return "error";
      } finally {
        client.release();
      }
    });
    // Closed now: a connection still closing when the database is dropped raises an unhandled error.
    await raw.end();
    const overRaw = await overbooked(t, sqlSide.shifts);

    const rate = (r: Run) => ATTEMPTS / r.seconds;
    const p = (r: Run, q: number) => percentile(r.latencies, q);
    const line = (name: string, r: Run) =>
      `${name.padEnd(22)} ${rate(r).toFixed(0).padStart(6)} /s  p50 ${p(r, 50).toFixed(1).padStart(6)} ms  p99 ${p(r, 99).toFixed(1).padStart(6)} ms  ` +
      `CPU/booking: server ${r.cpu.server.toFixed(2)} ms, PostgreSQL ${r.cpu.database.toFixed(2)} ms, client ${r.cpu.client.toFixed(2)} ms  ` +
      `(confirmed ${r.confirmed}, waitlisted ${r.waitlisted}, errors ${r.errors})`;
    console.log(
      [
        "",
        `Booking: ${ATTEMPTS} attempts, ${CLIENTS} concurrent clients, ${SHIFTS} shifts × ${CAPACITY} places, pool ${POOL}`,
        line("(a) real route", real),
        line("(b) bare HTTP floor", floor),
        line("(c) raw SQL", rawRun),
        `real/floor: throughput ${(rate(real) / rate(floor)).toFixed(2)}× (target ≥ 0.5)   p99 ${(p(real, 99) / p(floor, 99)).toFixed(2)}× (target ≤ 2)`,
        `floor/raw:  throughput ${(rate(floor) / rate(rawRun)).toFixed(2)}×   p99 ${(p(floor, 99) / p(rawRun, 99)).toFixed(2)}×`,
        `overbooked shifts: real ${real.overbooked}, floor ${floor.overbooked}, raw ${overRaw}`,
        "",
      ].join("\n"),
    );
    expect(real.errors + floor.errors + rawRun.errors).toBe(0);
    expect(real.overbooked + floor.overbooked + overRaw).toBe(0);
  } finally {
    if (!raw.ended) await raw.end();
    await server?.stop();
    await t.drop();
  }
});

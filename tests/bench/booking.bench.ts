// Booking benchmark: HTTP bookings through the real route of a production build (100 concurrent
// clients, 200 shifts), side by side with the same booking as one raw SQL transaction from this
// machine in the same run — the floor. Prints bookings/s, p50/p99 latency and the ratios; checks
// that nothing was overbooked. Figures are printed, not asserted.
// Run: npm run bench   (BENCH_CLIENTS, BENCH_BOOKINGS, BENCH_POOL to vary)
import pg from "pg";
import { expect, it } from "vitest";
import { loadConfig } from "#app/config.server.ts";
import { startSession } from "#app/modules/auth/session.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startApp } from "#tests/support/app-process.ts";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100);
const ATTEMPTS = Number(process.env.BENCH_BOOKINGS ?? 4000);
const POOL = Number(process.env.BENCH_POOL ?? 20);
const SHIFTS = 200;
const CAPACITY = 10;
const SECRET = "bench-session-secret-0123456789abcdefghij";

interface Run {
  seconds: number;
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

/** Runs `attempt(i)` for i = 0 … ATTEMPTS-1 from CLIENTS concurrent loops. */
async function drive(attempt: (i: number) => Promise<"confirmed" | "waitlisted" | "error">): Promise<Run> {
  const latencies: number[] = [];
  const counts = { confirmed: 0, waitlisted: 0, error: 0 };
  let next = 0;
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
  return { seconds: (performance.now() - began) / 1000, latencies: latencies.sort((a, b) => a - b), confirmed: counts.confirmed, waitlisted: counts.waitlisted, errors: counts.error };
}

async function overbooked(t: TestDatabase, shifts: number[]) {
  const rows = await t.db
    .selectFrom("shuxiang.shifts as s")
    .select(["s.id", "s.capacity", "s.booked", (eb) => eb.selectFrom("shuxiang.bookings as b").select((e) => e.fn.countAll<number>().as("n")).whereRef("b.shift_id", "=", "s.id").where("b.status", "=", "confirmed").as("confirmed")])
    .where("s.id", "in", shifts)
    .execute();
  return rows.filter((r) => Number(r.confirmed) > r.capacity || Number(r.confirmed) !== r.booked).length;
}

it(`books ${ATTEMPTS} places over HTTP and as raw SQL, ${CLIENTS} clients`, async () => {
  const t = await createTestDatabase();
  const app = await startApp({ DATABASE_URL: t.url, SESSION_SECRET: SECRET, DATABASE_POOL_SIZE: String(POOL), WORKERS: "off", DEMO_DATA: "never", ...(process.env.BENCH_APP_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_APP_NODE_OPTIONS } : {}) });
  const raw = new pg.Pool({ connectionString: t.url, max: POOL });
  try {
    // 1. HTTP: each attempt a different signed-in volunteer, POSTing the booking form.
    const http = await prepare(t, "http");
    const config = loadConfig({ DATABASE_URL: t.url, SESSION_SECRET: SECRET, PUBLIC_URL: app.url, DATA_DIR: "/tmp/shuxiang-bench" });
    const cookies: string[] = [];
    for (const volunteerId of http.volunteers) {
      const setCookie = await startSession(t.db, config, new Request(app.url), { volunteerId });
      cookies.push(setCookie.split(";")[0]);
    }
    // Warm up the route (first requests compile and connect).
    for (let i = 0; i < 20; i++) await fetch(`${app.url}/volunteer/shifts?from=2099-01-01`, { headers: { Cookie: cookies[0] } });
    const httpRun = await drive(async (i) => {
      // The request a browser with JavaScript makes for this form (Remix single fetch).
      const res = await fetch(`${app.url}/volunteer/shifts.data`, {
        method: "POST",
        headers: { Cookie: cookies[i], Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "book", shiftId: String(http.shifts[i % SHIFTS]) }),
        redirect: "manual",
      });
      const body = await res.text();
      if (res.status !== 200) return "error";
      return body.includes("shifts.waitlisted") ? "waitlisted" : body.includes("shifts.booked") ? "confirmed" : "error";
    });

    // 2. Raw SQL: the same booking as one transaction (conditional counter, insert confirmed or waitlisted).
    const sqlSide = await prepare(t, "raw");
    const rawRun = await drive(async (i) => {
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

    const line = (name: string, r: Run) =>
      `${name.padEnd(22)} ${(ATTEMPTS / r.seconds).toFixed(0).padStart(7)} /s   p50 ${percentile(r.latencies, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(r.latencies, 99).toFixed(1).padStart(6)} ms   confirmed ${r.confirmed}  waitlisted ${r.waitlisted}  errors ${r.errors}`;
    const overHttp = await overbooked(t, http.shifts);
    const overRaw = await overbooked(t, sqlSide.shifts);
    console.log(
      [
        "",
        `Booking: ${ATTEMPTS} attempts, ${CLIENTS} concurrent clients, ${SHIFTS} shifts × ${CAPACITY} places, pool ${POOL}`,
        line("HTTP (real route)", httpRun),
        line("raw SQL transaction", rawRun),
        `ratio HTTP/raw: throughput ${((ATTEMPTS / httpRun.seconds) / (ATTEMPTS / rawRun.seconds)).toFixed(2)}   p99 ${(percentile(httpRun.latencies, 99) / percentile(rawRun.latencies, 99)).toFixed(2)}×`,
        `overbooked shifts: HTTP ${overHttp}, raw ${overRaw}`,
        "",
      ].join("\n"),
    );
    expect(httpRun.errors).toBe(0);
    expect(overHttp).toBe(0);
    expect(overRaw).toBe(0);
  } finally {
    await raw.end();
    await app.stop();
    await t.drop();
  }
});

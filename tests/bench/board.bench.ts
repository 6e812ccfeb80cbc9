// Board benchmark: a week with 2,000 shifts, 10,000 bookings and 300 events across 9 branches. Measures the
// board page's server response (loader + render, production build, 50 requests) beside its bare
// SQL (the same statements run directly, 50 times), and checks the page's short-staffed count
// against the database. Figures are printed, not asserted.
// Run: npm run bench   (BENCH_BOARD_SHIFTS, BENCH_BOARD_BOOKINGS, BENCH_BOARD_EVENTS to vary)
import { expect, it } from "vitest";
import { loadConfig } from "#app/config.server.ts";
import { getCurrentUser, startSession } from "#app/modules/auth/session.server.ts";
import { boardEvents, boardShifts } from "#app/modules/board/board.server.ts";
import { shortStaffed } from "#app/modules/board/help.server.ts";
import { listBranches, listRoles } from "#app/modules/branches/branches.server.ts";
import { countBoardWeek, seedBoardWeek } from "#tests/support/board-scale.ts";
import { createTestDatabase } from "#tests/support/database.ts";
import { startApp } from "#tests/support/app-process.ts";

const SHIFTS = Number(process.env.BENCH_BOARD_SHIFTS ?? 2000);
const BOOKINGS = Number(process.env.BENCH_BOARD_BOOKINGS ?? 10_000);
const EVENTS = Number(process.env.BENCH_BOARD_EVENTS ?? 300);
const REQUESTS = 50;
const WEEK = "2027-06-07"; // a Monday, far from the demo month
const SECRET = "bench-session-secret-0123456789abcdefghij";

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
};

it(`renders the board for a week of ${SHIFTS} shifts, ${BOOKINGS} bookings and ${EVENTS} events`, async () => {
  const t = await createTestDatabase();
  const app = await startApp({ DATABASE_URL: t.url, SESSION_SECRET: SECRET, WORKERS: "off", DEMO_DATA: "never" });
  try {
    await seedBoardWeek(t.db, { week: WEEK, shifts: SHIFTS, bookings: BOOKINGS, events: EVENTS, tag: "bench" });
    const c = await countBoardWeek(t.db, WEEK);

    const admin = await t.db.selectFrom("shuxiang.staff").select("id").where("role", "=", "administrator").executeTakeFirstOrThrow();
    const config = loadConfig({ DATABASE_URL: t.url, SESSION_SECRET: SECRET, PUBLIC_URL: app.url, DATA_DIR: "/tmp/shuxiang-bench" });
    const cookie = (await startSession(t.db, config, new Request(app.url), { staffId: admin.id })).split(";")[0];
    const url = `${app.url}/staff/board?week=${WEEK}`;
    const signedIn = new Request(url, { headers: { Cookie: cookie } });

    // Warm up, then 50 rounds of one page request (HTML: loaders, React render and compression, as a
    // browser gets it) and the same statements bare, from this process; interleaved so that a noisy
    // moment on the machine weighs on both sides alike.
    for (let i = 0; i < 5; i++) await (await fetch(url, { headers: { Cookie: cookie } })).text();
    const codes = (await listBranches(t.db)).map((b) => b.code);
    const page: number[] = [];
    const server: number[] = [];
    const bare: number[] = [];
    let html = "";
    const measurePage = async () => {
      const t0 = performance.now();
      const res = await fetch(url, { headers: { Cookie: cookie } });
      html = await res.text();
      page.push(performance.now() - t0);
      expect(res.status).toBe(200);
      // The server's own count of its loaders and render (Server-Timing), without HTTP and gzip.
      server.push(Number(/dur=([\d.]+)/.exec(res.headers.get("server-timing") ?? "")?.[1]));
    };
    const measureBare = async () => {
      const t0 = performance.now();
      await Promise.all([
        listBranches(t.db),
        listRoles(t.db),
        boardShifts(t.db, { branchCodes: codes, from: WEEK, days: 7 }),
        boardEvents(t.db, { branchCodes: codes, from: WEEK, days: 7 }),
        shortStaffed({ db: t.db }, codes), // as the page asks: the next 7 days from now
        getCurrentUser(t.db, config, signedIn), // the session and the staff member's branches
      ]);
      bare.push(performance.now() - t0);
    };
    // Which side goes first alternates, so neither always follows the other's garbage collection.
    for (let i = 0; i < REQUESTS; i++) {
      if (i % 2 === 0) {
        await measurePage();
        await measureBare();
      } else {
        await measureBare();
        await measurePage();
      }
    }

    const chips = (html.match(/class="chip chip--(?:short|open|full|cancelled)"/g) ?? []).length;
    const eventChips = (html.match(/class="chip chip--event/g) ?? []).length;
    const shortChips = (html.match(/class="chip chip--short"/g) ?? []).length;
    const p = stats(page);
    const sv = stats(server);
    const b = stats(bare);
    console.log(
      [
        "",
        `Board: one week, ${c.shifts} shifts, ${c.bookings} bookings, ${eventChips} events, 9 branches; ${REQUESTS} rounds of page and bare SQL`,
        `page over HTTP           median ${p.median.toFixed(1).padStart(7)} ms   p95 ${p.p95.toFixed(1).padStart(7)} ms   ${(html.length / 1024).toFixed(0)} KiB HTML (fetch to last byte: + gzip, transfer, decoding)`,
        `server: loaders + render median ${sv.median.toFixed(1).padStart(7)} ms   p95 ${sv.p95.toFixed(1).padStart(7)} ms   (its Server-Timing header)`,
        `bare SQL (same queries)  median ${b.median.toFixed(1).padStart(7)} ms   p95 ${b.p95.toFixed(1).padStart(7)} ms`,
        `ratio over HTTP / bare:  median ${(p.median / b.median).toFixed(2)}×   p95 ${(p.p95 / b.p95).toFixed(2)}×`,
        `ratio server / bare:     median ${(sv.median / b.median).toFixed(2)}×   p95 ${(sv.p95 / b.p95).toFixed(2)}×   (target: median < 100 ms and ≤ 3×)`,
        `short-staffed on the page ${shortChips}, in the database ${c.short}; chips ${chips}`,
        "",
      ].join("\n"),
    );
    expect(chips).toBe(c.shifts);
    expect(eventChips).toBe(EVENTS);
    expect(shortChips).toBe(c.short);
  } finally {
    await app.stop();
    await t.drop();
  }
});

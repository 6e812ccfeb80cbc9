// Reports benchmark: a year of data for 9 branches (events with registrations, shifts with
// bookings, feedback, library figures), the year's report for the whole system through the real
// page of a production build (20 requests), beside the same figures' queries run bare.
// Figures are printed, not asserted. Target: page median under 500 ms.
// Run: npm run bench   (BENCH_REPORT_EVENTS, BENCH_REPORT_SHIFTS to vary)
import { sql } from "kysely";
import { expect, it } from "vitest";
import { loadConfig } from "#app/config.server.ts";
import { startSession } from "#app/modules/auth/session.server.ts";
import { buildReport } from "#app/modules/reports/reports.server.ts";
import { createTestDatabase } from "#tests/support/database.ts";
import { startApp } from "#tests/support/app-process.ts";

const EVENTS = Number(process.env.BENCH_REPORT_EVENTS ?? 2700);
const SHIFTS = Number(process.env.BENCH_REPORT_SHIFTS ?? 16_000);
const REQUESTS = 20;
const YEAR = "2025"; // a past year: every event held, every shift served
const SECRET = "bench-session-secret-0123456789abcdefghij";

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
};

it(`renders a year's report for 9 branches (${EVENTS} events, ${SHIFTS} shifts)`, async () => {
  const t = await createTestDatabase();
  const app = await startApp({ DATABASE_URL: t.url, SESSION_SECRET: SECRET, WORKERS: "off", DEMO_DATA: "never" });
  try {
    const day = (i: string) => sql.raw(`('${YEAR}-01-01'::date + ((${i}) % 365))`);
    await sql`
      INSERT INTO shuxiang.events (branch_code, kind, audience, title_zh, title_en, local_date, starts_at, ends_at, blocked_from, blocked_until, capacity, registered)
      SELECT b.code, (ARRAY['parent-child','salon','lecture','classics','craft','digital','study-tour'])[1 + i % 7], (ARRAY['parent-child','adults','everyone','adults','children','seniors','school-groups'])[1 + i % 7],
        '活动' || i, 'Event ' || i, ${day("i")},
        (${day("i")}::timestamp + interval '10 hours') AT TIME ZONE 'Asia/Shanghai', (${day("i")}::timestamp + interval '12 hours') AT TIME ZONE 'Asia/Shanghai',
        (${day("i")}::timestamp + interval '10 hours') AT TIME ZONE 'Asia/Shanghai', (${day("i")}::timestamp + interval '12 hours') AT TIME ZONE 'Asia/Shanghai',
        40, 0
      FROM generate_series(0, ${EVENTS - 1}) AS i
      JOIN (SELECT code, row_number() OVER (ORDER BY code) - 1 AS n FROM library.branches) b ON b.n = i % 9`.execute(t.db);
    await sql`
      INSERT INTO shuxiang.registrations (event_id, name, places, adults, children, status, token_nonce, token_hash, confirmed_at, waitlisted_at, checked_in_at, checked_in_count, no_show)
      SELECT e.id, '读者', 2, 1, 1, CASE WHEN k <= 15 THEN 'confirmed' ELSE 'waitlisted' END, 'b' || e.id || '-' || k, md5('b' || e.id || '-' || k),
        CASE WHEN k <= 15 THEN e.starts_at - interval '3 days' END, CASE WHEN k > 13 THEN e.starts_at - interval '4 days' END,
        CASE WHEN k <= 13 THEN e.starts_at END, CASE WHEN k <= 13 THEN 2 END, k IN (14, 15)
      FROM shuxiang.events e CROSS JOIN generate_series(1, 17) AS k
      WHERE e.local_date BETWEEN ${`${YEAR}-01-01`}::date AND ${`${YEAR}-12-31`}::date`.execute(t.db);
    await sql`UPDATE shuxiang.events e SET registered = 30 WHERE e.local_date BETWEEN ${`${YEAR}-01-01`}::date AND ${`${YEAR}-12-31`}::date`.execute(t.db);
    await sql`
      INSERT INTO shuxiang.shifts (branch_code, role_id, local_date, starts_at, ends_at, capacity, min_needed, booked)
      SELECT b.code, 1 + (i % 5), ${day("i / 9")},
        (${day("i / 9")}::timestamp + make_interval(hours => 8 + (i % 8))) AT TIME ZONE 'Asia/Shanghai',
        (${day("i / 9")}::timestamp + make_interval(hours => 10 + (i % 8))) AT TIME ZONE 'Asia/Shanghai',
        4, 2, 3
      FROM generate_series(0, ${SHIFTS - 1}) AS i
      JOIN (SELECT code, row_number() OVER (ORDER BY code) - 1 AS n FROM library.branches) b ON b.n = i % 9`.execute(t.db);
    const volunteers = await sql<{ id: number }>`SELECT id FROM shuxiang.volunteers WHERE status = 'appointed' ORDER BY id`.execute(t.db);
    const ids = volunteers.rows.map((v) => v.id);
    // Three bookings a shift by different volunteers; a shift's hours never overlap the same volunteer's others.
    await sql`
      INSERT INTO shuxiang.bookings (shift_id, volunteer_id, status, starts_at, ends_at, checked_in_at, checked_out_at, no_show)
      SELECT s.id, (${ids}::int[])[1 + ((s.id * 3 + k) % ${ids.length})], 'confirmed', s.starts_at, s.ends_at,
        CASE WHEN k < 2 THEN s.starts_at END, CASE WHEN k = 0 THEN s.ends_at END, k = 2
      FROM shuxiang.shifts s CROSS JOIN generate_series(0, 2) AS k
      WHERE s.local_date BETWEEN ${`${YEAR}-01-01`}::date AND ${`${YEAR}-12-31`}::date
      ON CONFLICT DO NOTHING`.execute(t.db);
    await sql`
      INSERT INTO shuxiang.feedback (kind, body, branch_code, created_at, replied_at, status)
      SELECT (ARRAY['suggestion','question','complaint'])[1 + i % 3], '意见' || i, b.code, ${`${YEAR}-01-01`}::timestamptz + make_interval(days => i % 365),
        CASE WHEN i % 2 = 0 THEN ${`${YEAR}-01-01`}::timestamptz + make_interval(days => i % 365 + 3) END, 'new'
      FROM generate_series(0, 1999) AS i JOIN (SELECT code, row_number() OVER (ORDER BY code) - 1 AS n FROM library.branches) b ON b.n = i % 9`.execute(t.db);
    await sql`
      INSERT INTO shuxiang.branch_figures (branch_code, month, cards_issued, visits, loans, donated_books)
      SELECT b.code, (${`${YEAR}-01-01`}::date + make_interval(months => m))::date, 30, 2000, 1500, 10
      FROM library.branches b CROSS JOIN generate_series(0, 11) AS m ON CONFLICT DO NOTHING`.execute(t.db);
    await sql`ANALYZE`.execute(t.db);
    const counts = (
      await sql<{ events: number; registrations: number; shifts: number; bookings: number }>`
        SELECT (SELECT count(*)::int FROM shuxiang.events WHERE extract(year FROM local_date) = ${Number(YEAR)}) AS events,
          (SELECT count(*)::int FROM shuxiang.registrations g JOIN shuxiang.events e ON e.id = g.event_id WHERE extract(year FROM e.local_date) = ${Number(YEAR)}) AS registrations,
          (SELECT count(*)::int FROM shuxiang.shifts WHERE extract(year FROM local_date) = ${Number(YEAR)}) AS shifts,
          (SELECT count(*)::int FROM shuxiang.bookings b JOIN shuxiang.shifts s ON s.id = b.shift_id WHERE extract(year FROM s.local_date) = ${Number(YEAR)}) AS bookings`.execute(t.db)
    ).rows[0];

    const admin = await t.db.selectFrom("shuxiang.staff").select("id").where("role", "=", "administrator").executeTakeFirstOrThrow();
    const config = loadConfig({ DATABASE_URL: t.url, SESSION_SECRET: SECRET, PUBLIC_URL: app.url, DATA_DIR: "/tmp/shuxiang-bench" });
    const cookie = (await startSession(t.db, config, new Request(app.url), { staffId: admin.id })).split(";")[0];
    const url = `${app.url}/staff/reports?period=year&year=${YEAR}`;
    for (let i = 0; i < 3; i++) await (await fetch(url, { headers: { Cookie: cookie } })).text();
    const page: number[] = [];
    let html = "";
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      const res = await fetch(url, { headers: { Cookie: cookie } });
      html = await res.text();
      page.push(performance.now() - t0);
      expect(res.status).toBe(200);
    }
    const codes = (await t.db.selectFrom("library.branches").select("code").execute()).map((b) => b.code);
    const bare: number[] = [];
    let report: Awaited<ReturnType<typeof buildReport>> | undefined;
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      report = await buildReport(t.db, { from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, branches: codes, now: new Date(), defaultZone: "Asia/Shanghai" });
      bare.push(performance.now() - t0);
    }
    const p = stats(page);
    const b = stats(bare);
    console.log(
      [
        "",
        `Reports: year ${YEAR}, 9 branches: ${counts.events} events, ${counts.registrations} registrations, ${counts.shifts} shifts, ${counts.bookings} bookings; ${REQUESTS} sequential requests`,
        `page (loader + render)   median ${p.median.toFixed(1).padStart(7)} ms   p95 ${p.p95.toFixed(1).padStart(7)} ms   ${(html.length / 1024).toFixed(0)} KiB HTML`,
        `bare queries             median ${b.median.toFixed(1).padStart(7)} ms   p95 ${b.p95.toFixed(1).padStart(7)} ms`,
        `ratio page/bare: median ${(p.median / b.median).toFixed(2)}×   (target: page median < 500 ms)`,
        `events planned ${report!.events.totals.planned}, service sessions ${report!.volunteers.sessions}`,
        "",
      ].join("\n"),
    );
    expect(report!.events.totals.planned).toBe(counts.events);
  } finally {
    await app.stop();
    await t.drop();
  }
});

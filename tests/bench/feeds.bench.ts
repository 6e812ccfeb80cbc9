// Personal feed benchmark: one volunteer with 1,000 booked shifts (most in the past year, some to
// come), the feed built 50 times by the module the route calls (queries and the .ics text), beside
// its bare SQL (the bookings statement, run directly), interleaved. Figures are printed, not
// asserted. Target: the feed under 50 ms of server time.
// Run: npm run bench   (BENCH_FEED_SHIFTS to vary)
import { sql } from "kysely";
import { expect, it } from "vitest";
import { feedToken, volunteerFeed } from "#app/modules/feeds/feeds.server.ts";
import { bookingCalendarQuery } from "#app/modules/shifts/notify.server.ts";
import { createTestDatabase } from "#tests/support/database.ts";

const SHIFTS = Number(process.env.BENCH_FEED_SHIFTS ?? 1000);
const ROUNDS = 50;
const SECRET = "bench-feed-secret-0123456789abcdefghij";

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
};

it(`builds a personal feed of ${SHIFTS} shifts`, async () => {
  const t = await createTestDatabase();
  try {
    // A volunteer with nothing booked yet, so every generated shift is theirs to keep.
    const volunteer = await t.db
      .selectFrom("shuxiang.volunteers as v")
      .select("v.id")
      .where("v.status", "=", "appointed")
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom("shuxiang.bookings as b").select("b.id").whereRef("b.volunteer_id", "=", "v.id"))))
      .orderBy("v.id")
      .executeTakeFirstOrThrow();
    // Three shifts a day (08–10, 11–13, 14–16 in Shanghai), from 300 days ago onwards.
    await sql`
      WITH s AS (
        INSERT INTO shuxiang.shifts (branch_code, role_id, local_date, starts_at, ends_at, capacity, min_needed, booked)
        SELECT 'GL', 1, (current_date - 300 + i / 3),
          ((current_date - 300 + i / 3)::timestamp + make_interval(hours => 8 + 3 * (i % 3))) AT TIME ZONE 'Asia/Shanghai',
          ((current_date - 300 + i / 3)::timestamp + make_interval(hours => 10 + 3 * (i % 3))) AT TIME ZONE 'Asia/Shanghai',
          4, 1, 1
        FROM generate_series(0, ${SHIFTS - 1}) AS i
        RETURNING id, starts_at, ends_at)
      INSERT INTO shuxiang.bookings (shift_id, volunteer_id, status, starts_at, ends_at, confirmed_at)
      SELECT s.id, ${volunteer.id}, 'confirmed', s.starts_at, s.ends_at, s.starts_at - interval '7 days' FROM s
      ON CONFLICT DO NOTHING`.execute(t.db);
    await sql`ANALYZE`.execute(t.db);
    const token = await feedToken(t.db, SECRET, volunteer.id);
    const options = { host: "shuxiang.example", baseUrl: new URL("https://shuxiang.example/"), fallbackDeskEmail: "desk@shuxiang.example" };

    const feed: number[] = [];
    const bare: number[] = [];
    let ics = "";
    const measureFeed = async () => {
      const t0 = performance.now();
      ics = (await volunteerFeed(t.db, token, options))?.ics ?? "";
      feed.push(performance.now() - t0);
    };
    const measureBare = async () => {
      const t0 = performance.now();
      await bookingCalendarQuery(t.db).where("b.volunteer_id", "=", volunteer.id).where("b.status", "=", "confirmed").orderBy("s.starts_at").execute();
      bare.push(performance.now() - t0);
    };
    for (let i = 0; i < 5; i++) await measureFeed();
    feed.length = 0;
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2) await measureBare();
      await measureFeed();
      if (i % 2 === 0) await measureBare();
    }
    const entries = ics.match(/BEGIN:VEVENT/g)?.length ?? 0;
    expect(entries).toBeGreaterThanOrEqual(SHIFTS);
    const [f, b] = [stats(feed), stats(bare)];
    console.log(
      `personal feed, ${entries} entries, ${(Buffer.byteLength(ics) / 1024).toFixed(0)} KiB: ` +
        `volunteerFeed median ${f.median.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms; ` +
        `bare SQL of its bookings median ${b.median.toFixed(1)} ms, p95 ${b.p95.toFixed(1)} ms (${ROUNDS} rounds each)`,
    );
  } finally {
    await t.drop();
  }
});

// A week at the board benchmark's scale: shifts spread over 7 days and every branch, bookings by
// distinct volunteers (a shift's first `capacity` confirmed, the rest waiting), events without
// rooms (the room rule is not what is measured). Used by tests/bench/board.bench.ts and the
// browser test that opens the board at this scale.
import { sql, type Kysely } from "kysely";
import type { Database } from "#db/schema.ts";

export interface BoardScale {
  /** A Monday with no other shifts near it. */
  week: string;
  shifts: number;
  bookings: number;
  events: number;
  /** Marks the volunteers this seeding creates: `board<i>@<tag>.example`. */
  tag: string;
}

export async function seedBoardWeek(db: Kysely<Database>, { week, shifts, bookings, events, tag }: BoardScale) {
  const domain = `@${tag}.example`;
  await sql`
    INSERT INTO shuxiang.shifts (branch_code, role_id, local_date, starts_at, ends_at, capacity, min_needed, booked)
    SELECT b.code, 1 + (i % 5), (${week}::date + (i % 7)),
      ((${week}::date + (i % 7))::timestamp + make_interval(hours => 8 + (i % 10))) AT TIME ZONE 'Asia/Shanghai',
      ((${week}::date + (i % 7))::timestamp + make_interval(hours => 10 + (i % 10))) AT TIME ZONE 'Asia/Shanghai',
      4 + (i % 7), 2 + (i % 3), 0
    FROM generate_series(0, ${shifts - 1}) AS i
    JOIN (SELECT code, row_number() OVER (ORDER BY code) - 1 AS n FROM library.branches) b ON b.n = i % 9`.execute(db);
  await sql`
    INSERT INTO shuxiang.volunteers (email, name)
    SELECT 'board' || i || ${domain}, '看板' || i FROM generate_series(1, ${bookings}) AS i`.execute(db);
  await sql`
    WITH picks AS (
      SELECT v.id AS volunteer_id, s.id AS shift_id, s.starts_at, s.ends_at, s.capacity,
        row_number() OVER (PARTITION BY s.id ORDER BY v.id) AS k
      FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM shuxiang.volunteers WHERE email LIKE ${`board%${domain}`}) v
      JOIN (SELECT id, starts_at, ends_at, capacity, row_number() OVER (ORDER BY random()) AS n FROM shuxiang.shifts
            WHERE local_date BETWEEN ${week}::date AND ${week}::date + 6) s
        ON s.n = 1 + (abs(hashint4(v.n::int)) % ${shifts}))
    INSERT INTO shuxiang.bookings (shift_id, volunteer_id, status, starts_at, ends_at)
    SELECT shift_id, volunteer_id, CASE WHEN k <= capacity THEN 'confirmed' ELSE 'waitlisted' END, starts_at, ends_at FROM picks`.execute(db);
  await sql`
    UPDATE shuxiang.shifts s SET booked = c.n
    FROM (SELECT shift_id, count(*) AS n FROM shuxiang.bookings WHERE status = 'confirmed' GROUP BY shift_id) c
    WHERE c.shift_id = s.id AND s.local_date BETWEEN ${week}::date AND ${week}::date + 6`.execute(db);
  await sql`
    INSERT INTO shuxiang.events (branch_code, kind, audience, title_zh, title_en, local_date, starts_at, ends_at, blocked_from, blocked_until, capacity, registered)
    SELECT b.code, 'lecture', 'everyone', '讲座' || i, 'Talk ' || i, (${week}::date + (i % 7)),
      ((${week}::date + (i % 7))::timestamp + make_interval(hours => 9 + (i % 8))) AT TIME ZONE 'Asia/Shanghai',
      ((${week}::date + (i % 7))::timestamp + make_interval(hours => 10 + (i % 8))) AT TIME ZONE 'Asia/Shanghai',
      ((${week}::date + (i % 7))::timestamp + make_interval(hours => 9 + (i % 8))) AT TIME ZONE 'Asia/Shanghai',
      ((${week}::date + (i % 7))::timestamp + make_interval(hours => 10 + (i % 8))) AT TIME ZONE 'Asia/Shanghai',
      40, i % 41
    FROM generate_series(0, ${events - 1}) AS i
    JOIN (SELECT code, row_number() OVER (ORDER BY code) - 1 AS n FROM library.branches) b ON b.n = i % 9`.execute(db);
  await sql`ANALYZE`.execute(db);
}

/** What the database says about the week: shifts, their bookings, and how many are short-staffed. */
export async function countBoardWeek(db: Kysely<Database>, week: string) {
  const { rows } = await sql<{ shifts: number; bookings: number; short: number; events: number }>`
    SELECT (SELECT count(*)::int FROM shuxiang.shifts WHERE local_date BETWEEN ${week}::date AND ${week}::date + 6) AS shifts,
           (SELECT count(*)::int FROM shuxiang.bookings b JOIN shuxiang.shifts s ON s.id = b.shift_id
              WHERE s.local_date BETWEEN ${week}::date AND ${week}::date + 6) AS bookings,
           (SELECT count(*)::int FROM shuxiang.shifts
              WHERE local_date BETWEEN ${week}::date AND ${week}::date + 6 AND status = 'scheduled' AND booked < min_needed) AS short,
           (SELECT count(*)::int FROM shuxiang.events WHERE local_date BETWEEN ${week}::date AND ${week}::date + 6) AS events`.execute(db);
  return rows[0];
}

/** Takes the seeded week out again (for a database other tests go on using). */
export async function removeBoardWeek(db: Kysely<Database>, { week, tag }: Pick<BoardScale, "week" | "tag">) {
  await sql`DELETE FROM shuxiang.bookings WHERE shift_id IN (SELECT id FROM shuxiang.shifts WHERE local_date BETWEEN ${week}::date AND ${week}::date + 6)`.execute(db);
  await sql`DELETE FROM shuxiang.shifts WHERE local_date BETWEEN ${week}::date AND ${week}::date + 6`.execute(db);
  await sql`DELETE FROM shuxiang.events WHERE local_date BETWEEN ${week}::date AND ${week}::date + 6`.execute(db);
  await sql`DELETE FROM shuxiang.volunteers WHERE email LIKE ${`board%@${tag}.example`}`.execute(db);
}

// Calendar feeds on real PostgreSQL: conditional requests (304 with ETag / Last-Modified, a new
// version once something changes; also through the built app's route), the personal feed's year
// of past entries, and a branch feed with more events than it carries keeping its nearest coming ones.
import ICAL from "ical.js";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedResponse } from "#app/modules/calendar/feed-versions.server.ts";
import { feedToken, volunteerFeed } from "#app/modules/feeds/feeds.server.ts";
import { BRANCH_FEED_LIMIT, branchEventsFeed } from "#app/modules/events/queries.server.ts";
import { startApp } from "#tests/support/app-process.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";

let t: TestDatabase;
let volunteer: number;
let token: string;
const options = { host: "localhost", baseUrl: new URL("http://localhost"), fallbackDeskEmail: "desk@example.com" };
const deps = { publicUrl: options.baseUrl, fallbackDeskEmail: options.fallbackDeskEmail };
const DAY = 86_400_000;

/** A two-hour shift at GL starting `daysFromNow` days from now, booked by the test volunteer. */
async function bookedShift(daysFromNow: number): Promise<number> {
  const start = new Date(Date.now() + daysFromNow * DAY);
  const end = new Date(start.getTime() + 2 * 3600_000);
  const shift = await t.db
    .insertInto("shuxiang.shifts")
    .values({ branch_code: "GL", role_id: 1, local_date: start.toISOString().slice(0, 10), starts_at: start, ends_at: end, capacity: 2, min_needed: 1, booked: 1 })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.insertInto("shuxiang.bookings").values({ shift_id: shift.id, volunteer_id: volunteer, status: "confirmed", starts_at: start, ends_at: end, confirmed_at: start }).execute();
  return shift.id;
}

const get = (headers: Record<string, string> = {}) => new Request("http://localhost/calendar/feed.ics", { headers });

beforeAll(async () => {
  t = await createTestDatabase();
  const row = await sql<{ id: number }>`
    SELECT v.id FROM shuxiang.volunteers v
    WHERE v.status = 'appointed' AND NOT EXISTS (SELECT 1 FROM shuxiang.bookings b WHERE b.volunteer_id = v.id)
    ORDER BY v.id LIMIT 1`.execute(t.db);
  volunteer = row.rows[0].id;
  token = await feedToken(t.db, "feeds-test-secret-0123456789abcdefghij", volunteer);
});
afterAll(async () => {
  await t?.drop();
});

describe("personal feed", () => {
  it("keeps a year of past entries, and answers a calendar that already has this version with 304", async () => {
    const coming = await bookedShift(3);
    const lastSpring = await bookedShift(-330);
    const tooOld = await bookedShift(-400);

    const first = (await volunteerFeed(t.db, token, options))!;
    const uids = new ICAL.Component(ICAL.parse(first.ics)).getAllSubcomponents("vevent").map((v) => String(v.getFirstPropertyValue("uid")));
    expect(uids.filter((uid) => uid.startsWith("shift-"))).toEqual([`shift-${lastSpring}@localhost`, `shift-${coming}@localhost`]);
    expect(uids).not.toContain(`shift-${tooOld}@localhost`);

    const ok = feedResponse(get(), first, { "Cache-Control": "private, max-age=300" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("ETag")).toBe(first.etag);
    expect(new Date(ok.headers.get("Last-Modified")!).getTime()).toBe(first.lastModified.getTime());
    const body = await ok.text();
    expect(body).toContain("REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n");
    expect(body).toContain("X-PUBLISHED-TTL:PT1H\r\n");
    // Every entry's DTSTAMP is when the feed last changed.
    const stamp = first.lastModified.toISOString().slice(0, 19).replace(/[-:]/g, "");
    expect(new Set(body.match(/^DTSTAMP:.*$/gm))).toEqual(new Set([`DTSTAMP:${stamp}Z`]));

    // Fetched again, unchanged: the same version, and 304 to either kind of conditional request.
    const again = (await volunteerFeed(t.db, token, options))!;
    expect(again).toEqual(first);
    const byTag = feedResponse(get({ "If-None-Match": first.etag }), again, {});
    expect(byTag.status).toBe(304);
    expect(await byTag.text()).toBe("");
    expect(byTag.headers.get("ETag")).toBe(first.etag);
    expect(feedResponse(get({ "If-Modified-Since": first.lastModified.toUTCString() }), again, {}).status).toBe(304);
    expect(feedResponse(get({ "If-None-Match": 'W/"something-else"' }), again, {}).status).toBe(200);

    // The shift moves an hour: a new version, which the old ETag no longer matches.
    await sql`UPDATE shuxiang.shifts SET starts_at = starts_at + interval '1 hour', ends_at = ends_at + interval '1 hour' WHERE id = ${coming}`.execute(t.db);
    await sql`UPDATE shuxiang.bookings SET sequence = sequence + 1 WHERE shift_id = ${coming}`.execute(t.db);
    const moved = (await volunteerFeed(t.db, token, options))!;
    expect(moved.etag).not.toBe(first.etag);
    expect(moved.lastModified.getTime()).toBeGreaterThanOrEqual(first.lastModified.getTime());
    const fresh = feedResponse(get({ "If-None-Match": first.etag }), moved, {});
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toContain(`UID:shift-${coming}@localhost`);
  });
});

describe("branch feed", () => {
  it(`keeps the nearest coming events when the branch has more than ${BRANCH_FEED_LIMIT}, and answers 304 when unchanged`, async () => {
    // The last 30 days full of short events (more than the feed carries), then three to come.
    await sql`
      INSERT INTO shuxiang.events (branch_code, kind, audience, title_zh, title_en, local_date, starts_at, ends_at, blocked_from, blocked_until, capacity, registered)
      SELECT 'HC', 'salon', 'adults', '读书会' || i, 'Salon ' || i, current_date,
        now() - make_interval(mins => 10 * i + 60), now() - make_interval(mins => 10 * i + 30),
        now() - make_interval(mins => 10 * i + 60), now() - make_interval(mins => 10 * i + 30), 20, 0
      FROM generate_series(1, ${BRANCH_FEED_LIMIT + 100}) AS i`.execute(t.db);
    const coming = await sql<{ id: number; title_en: string }>`
      INSERT INTO shuxiang.events (branch_code, kind, audience, title_zh, title_en, local_date, starts_at, ends_at, blocked_from, blocked_until, capacity, registered)
      SELECT 'HC', 'lecture', 'adults', '讲座' || d, 'Lecture in ' || d || ' days', current_date + d,
        now() + make_interval(days => d), now() + make_interval(days => d, hours => 2),
        now() + make_interval(days => d), now() + make_interval(days => d, hours => 2), 50, 0
      FROM unnest(ARRAY[2, 9, 40]) AS d
      RETURNING id, title_en`.execute(t.db);

    const feed = (await branchEventsFeed(t.db, "HC", deps, "en"))!;
    const events = new ICAL.Component(ICAL.parse(feed.ics)).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(BRANCH_FEED_LIMIT);
    const uids = new Set(events.map((e) => e.uid));
    for (const e of coming.rows) expect(uids, e.title_en).toContain(`event-${e.id}@localhost`);
    // In time order, the latest of the past ones kept.
    const starts = events.map((e) => e.startDate.toJSDate().getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));

    const again = (await branchEventsFeed(t.db, "HC", deps, "en"))!;
    expect(feedResponse(get({ "If-None-Match": `"x", ${feed.etag}` }), again, {}).status).toBe(304);
    // Each language is a feed of its own.
    expect((await branchEventsFeed(t.db, "HC", deps, "zh-CN"))!.etag).not.toBe(feed.etag);
  });
});

describe("the feed route", () => {
  it("serves both feeds with validators and answers a revalidation with 304", async () => {
    const app = await startApp({ DATABASE_URL: t.url, SESSION_SECRET: "feeds-test-secret-0123456789abcdefghij", WORKERS: "off", DEMO_DATA: "never" });
    try {
      for (const path of ["/calendar/branch-GL.ics?lang=en", `/calendar/${token}.ics`]) {
        const first = await fetch(app.url + path, { headers: { "Accept-Encoding": "gzip" } });
        expect(first.status).toBe(200);
        expect(first.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
        expect(await first.text()).toContain("X-PUBLISHED-TTL:PT1H");
        const [etag, lastModified] = [first.headers.get("etag")!, first.headers.get("last-modified")!];
        expect(etag).toMatch(/^W\/"/);
        expect(new Date(lastModified).getTime()).not.toBeNaN();
        const byTag = await fetch(app.url + path, { headers: { "If-None-Match": etag, "Accept-Encoding": "gzip" } });
        expect([byTag.status, await byTag.text(), byTag.headers.get("etag")]).toEqual([304, "", etag]);
        expect((await fetch(app.url + path, { headers: { "If-Modified-Since": lastModified } })).status).toBe(304);
      }
    } finally {
      await app.stop();
    }
  }, 90_000);
});

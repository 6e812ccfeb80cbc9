import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { openDatabase } from "#db/connection.ts";
import { migrateToLatest, migrationFolder } from "#db/migrate.ts";
import { DEMO_STAFF_PASSWORD, seedDemoData } from "#db/seed/index.ts";
import { verifyPassword } from "#app/modules/auth/password.server.ts";
import { listBranches, listRoles, listRooms } from "#app/modules/branches/branches.server.ts";
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from "#tests/support/database.ts";

describe("migrations", () => {
  let empty: TestDatabase;
  beforeAll(async () => {
    empty = await createEmptyDatabase();
  });
  afterAll(() => empty.drop());

  it("keep a library's existing shared tables and their rows, and are a no-op the second time", async () => {
    // A library whose core system already has the shared schema.
    await sql`CREATE SCHEMA library`.execute(empty.db);
    await sql`CREATE TABLE library.branches (code text PRIMARY KEY, name_zh text NOT NULL, name_en text NOT NULL,
      kind text NOT NULL, address_zh text NOT NULL DEFAULT '', address_en text NOT NULL DEFAULT '',
      timezone text NOT NULL DEFAULT 'Asia/Shanghai', shares_circulation boolean NOT NULL DEFAULT false,
      opening_hours jsonb NOT NULL DEFAULT '{}', sort_order integer NOT NULL DEFAULT 0)`.execute(empty.db);
    await sql`INSERT INTO library.branches (code, name_zh, name_en, kind) VALUES ('XX', '测试馆', 'Test', 'street')`.execute(empty.db);

    const all = fs.readdirSync(migrationFolder).map((f) => f.replace(/\.ts$/, "")).sort();
    expect(all[0]).toBe("2026-11-25-0001-foundation");
    expect(await migrateToLatest(empty.db)).toEqual(all);
    expect(await migrateToLatest(empty.db)).toEqual([]);
    const kept = await empty.db.selectFrom("library.branches").select("name_zh").where("code", "=", "XX").executeTakeFirst();
    expect(kept?.name_zh).toBe("测试馆");
    const schemas = await sql<{ nspname: string }>`SELECT nspname FROM pg_namespace WHERE nspname IN ('library', 'shuxiang') ORDER BY 1`.execute(empty.db);
    expect(schemas.rows.map((r) => r.nspname)).toEqual(["library", "shuxiang"]);
  });
});

describe("demo data on PostgreSQL", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it("has the main library and its eight branches, with the right ones sharing circulation", async () => {
    const branches = await listBranches(t.db);
    expect(branches.map((b) => b.name_zh)).toEqual([
      "鼓楼图书馆", "丰财分馆", "环城分馆", "黄楼分馆", "铜沛分馆", "九里分馆", "牌楼分馆", "琵琶分馆", "少儿分馆",
    ]);
    expect(branches.filter((b) => b.shares_circulation).map((b) => b.name_zh)).toEqual(["鼓楼图书馆", "丰财分馆", "环城分馆", "少儿分馆"]);
    expect(new Set(branches.map((b) => b.timezone))).toEqual(new Set(["Asia/Shanghai"]));
    expect(branches.map((b) => b.kind).filter((k) => k === "main")).toHaveLength(1);
  });

  it("has the main library's rooms, with the special-needs area's accessibility noted", async () => {
    const rooms = await listRooms(t.db, ["GL"]);
    expect(rooms.map((r) => r.name_zh)).toEqual(expect.arrayContaining(["多功能会议室", "开放式沙龙区", "视听室", "少儿阅读区", "特殊需求阅读区"]));
    expect(rooms.find((r) => r.code === "special-needs")?.accessibility_zh).toContain("盲文");
    expect(await listRooms(t.db, [])).toEqual([]);
  });

  it("has the role catalogue with required trainings", async () => {
    const roles = await listRoles(t.db);
    expect(roles).toHaveLength(11);
    expect(roles.find((r) => r.code === "book-repair")?.trainings.map((x) => x.name_zh)).toEqual(["图书修复培训"]);
    expect(roles.find((r) => r.code === "shelving")?.trainings).toEqual([]);
  });

  it("has a few hundred readers with unique cards, staff with working passwords, appointed volunteers", async () => {
    const readers = await t.db.selectFrom("library.readers").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(readers.n).toBeGreaterThanOrEqual(300);
    const staff = await t.db.selectFrom("shuxiang.staff").selectAll().orderBy("id").execute();
    expect(staff.map((s) => s.role)).toEqual(["administrator", "coordinator", "coordinator", "desk"]);
    expect(await verifyPassword(staff[0].password_hash!, DEMO_STAFF_PASSWORD)).toBe(true);
    const scopes = await t.db.selectFrom("shuxiang.staff_branches").select(["staff_id", "branch_code"]).orderBy("branch_code").execute();
    expect(scopes.filter((s) => s.staff_id === staff[2].id).map((s) => s.branch_code)).toEqual(["FC", "HC"]);
    const volunteers = await t.db.selectFrom("shuxiang.volunteers").select(["status", "reader_id"]).execute();
    expect(volunteers.filter((v) => v.status === "appointed").length).toBeGreaterThan(40);
    expect(volunteers.some((v) => v.reader_id !== null)).toBe(true);
  });

  it("has a live month of shifts around today: booked, short, waitlisted, attended, with nothing overbooked", async () => {
    const now = Date.now();
    const shifts = await t.db.selectFrom("shuxiang.shifts").select(["id", "starts_at", "booked", "capacity", "min_needed", "status"]).execute();
    const past = shifts.filter((s) => s.starts_at.getTime() < now);
    const upcoming = shifts.filter((s) => s.starts_at.getTime() > now);
    expect(past.length).toBeGreaterThan(50);
    expect(upcoming.length).toBeGreaterThan(50);
    expect(Math.min(...shifts.map((s) => s.starts_at.getTime()))).toBeLessThan(now - 10 * 86400_000);
    expect(Math.max(...shifts.map((s) => s.starts_at.getTime()))).toBeGreaterThan(now + 14 * 86400_000);
    expect(upcoming.some((s) => s.status === "scheduled" && s.booked < s.min_needed)).toBe(true);
    expect(upcoming.some((s) => s.booked === s.capacity)).toBe(true);
    // The counter agrees with the bookings, and no volunteer holds overlapping shifts (the constraint holds).
    const counts = await t.db
      .selectFrom("shuxiang.bookings")
      .select(["shift_id", "status", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy(["shift_id", "status"])
      .execute();
    for (const s of shifts.filter((x) => x.status === "scheduled")) {
      const confirmed = counts.find((c) => c.shift_id === s.id && c.status === "confirmed");
      expect(Number(confirmed?.n ?? 0)).toBe(s.booked);
      expect(s.booked).toBeLessThanOrEqual(s.capacity);
    }
    expect(counts.some((c) => c.status === "waitlisted")).toBe(true);
    const attended = await t.db.selectFrom("shuxiang.bookings").select("id").where("checked_in_at", "is not", null).execute();
    const noShows = await t.db.selectFrom("shuxiang.bookings").select("id").where("no_show", "=", true).execute();
    expect(attended.length).toBeGreaterThan(50);
    expect(noShows.length).toBeGreaterThan(0);
    // The demo volunteer has something upcoming, something done and a waiting place.
    const demo = await t.db
      .selectFrom("shuxiang.bookings as b")
      .innerJoin("shuxiang.volunteers as v", "v.id", "b.volunteer_id")
      .select(["b.status", "b.starts_at"])
      .where("v.email", "=", "volunteer01@example.com")
      .execute();
    expect(demo.some((b) => b.status === "confirmed" && b.starts_at.getTime() > now)).toBe(true);
    expect(demo.some((b) => b.status === "confirmed" && b.starts_at.getTime() < now)).toBe(true);
    expect(demo.some((b) => b.status === "waitlisted")).toBe(true);
  });

  it("has applications in every stage of the recruitment pipeline, with their history", async () => {
    const rows = await t.db.selectFrom("shuxiang.applications").select(["id", "status"]).execute();
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["applied", "interview", "training", "appointed", "declined", "withdrawn"]));
    const events = await t.db.selectFrom("shuxiang.application_events").select("application_id").execute();
    expect(new Set(events.map((e) => e.application_id)).size).toBe(rows.length);
    const minors = await t.db.selectFrom("shuxiang.applications").select("id").where("guardian_consent_at", "is not", null).execute();
    expect(minors.length).toBeGreaterThan(0);
  });

  it("is idempotent: seeding again adds nothing and changes nothing", async () => {
    const snapshot = async () => ({
      shifts: await t.db.selectFrom("shuxiang.shifts").select(["id", "starts_at", "booked"]).orderBy("id").execute(),
      readers: await t.db.selectFrom("library.readers").select(["card_number", "name", "phone"]).orderBy("card_number").execute(),
      volunteers: await t.db.selectFrom("shuxiang.volunteers").select(["email", "name"]).orderBy("email").execute(),
      rooms: await t.db.selectFrom("shuxiang.rooms").select(["branch_code", "code"]).orderBy("id").execute(),
    });
    const before = await snapshot();
    await seedDemoData(t.db);
    expect(await snapshot()).toEqual(before);
  });

  it("is deterministic: a fresh database gets exactly the same people", async () => {
    const fresh = await createEmptyDatabase();
    try {
      await migrateToLatest(fresh.db);
      await seedDemoData(fresh.db);
      const people = (db: typeof t.db) =>
        db.selectFrom("library.readers").select(["card_number", "name", "birth_date", "email"]).orderBy("card_number").execute();
      expect(await people(fresh.db)).toEqual(await people(t.db));
    } finally {
      await fresh.drop();
    }
  });
});

describe("prepared statements", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it("are made once per connection for texts marked /* prepared:NAME */, and only for those", async () => {
    const handle = await openDatabase({ databaseUrl: t.url, dataDir: "/tmp/unused", poolSize: 1 });
    try {
      const names = async () => (await sql<{ name: string }>`SELECT name FROM pg_prepared_statements ORDER BY name`.execute(handle.db)).rows.map((r) => r.name);
      await sql`SELECT 1 AS one`.execute(handle.db);
      expect(await names()).toEqual([]);
      for (let i = 0; i < 3; i++) {
        const row = await sql<{ n: number }>`/* prepared:probe_marked */ SELECT ${i}::int AS n`.execute(handle.db);
        expect(row.rows[0].n).toBe(i);
      }
      const built = await handle.db.selectFrom("library.branches").select("code").where("code", "=", "GL").modifyFront(sql`/* prepared:probe_built */`).execute();
      expect(built).toEqual([{ code: "GL" }]);
      expect(await names()).toEqual(["probe_built", "probe_marked"]);
    } finally {
      await handle.close();
    }
  });
});

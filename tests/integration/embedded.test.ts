// The embedded path (no DATABASE_URL): PGlite in this process on a file data folder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { DataFolderInUseError, openDatabase, type DatabaseHandle } from "#db/connection.ts";
import type { Database } from "#db/schema.ts";
import { migrateToLatest, migrationFolder } from "#db/migrate.ts";
import { isDemoDataSeeded, seedDemoData } from "#db/seed/index.ts";
import { listBranches } from "#app/modules/branches/branches.server.ts";
import { loadConfig } from "#app/config.server.ts";
import { sendVolunteerSignInCode } from "#app/modules/auth/volunteer-sign-in.server.ts";
import { listMailbox } from "#app/modules/mail/mailbox.server.ts";
import { createServices } from "#app/services.server.ts";
import { bookShift, cancelBooking } from "#app/modules/shifts/bookings.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { createShifts } from "#app/modules/shifts/shifts.server.ts";
import { createShiftSchema } from "#app/modules/shifts/schemas.ts";
import { issueSignInCode as issueInTransaction, redeemSignInCode } from "#app/modules/auth/sign-in.server.ts";
import { demoStaff } from "#tests/support/staff.ts";

/** Issues a code in a transaction of its own (in the app, the one that also queues the email). */
const issueSignInCode = (db: Kysely<Database>, secret: string, input: { email: string; ip: string }) =>
  db.transaction().execute((trx) => issueInTransaction(trx, secret, input));

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "shuxiang-embedded-"));
let handle: DatabaseHandle | undefined;
afterAll(async () => {
  await handle?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("embedded store", () => {
  it("starts, migrates, seeds and answers queries", async () => {
    handle = await openDatabase({ dataDir });
    expect(handle.kind).toBe("embedded");
    expect(await migrateToLatest(handle.db)).toHaveLength(fs.readdirSync(migrationFolder).length);
    expect(await isDemoDataSeeded(handle.db)).toBe(false);
    await seedDemoData(handle.db);
    expect(await isDemoDataSeeded(handle.db)).toBe(true);
    const branches = await listBranches(handle.db);
    expect(branches.map((b) => b.name_zh)).toContain("少儿分馆");
    expect(branches).toHaveLength(9);
  }, 60_000);

  it("runs the same sign-in code rules as PostgreSQL", async () => {
    const db = handle!.db;
    const issued = await issueSignInCode(db, "embedded-secret-0123456789abcdefghij", { email: "volunteer01@example.com", ip: "127.0.0.1" });
    if (!issued.ok) throw new Error(issued.reason);
    expect(await redeemSignInCode(db, "embedded-secret-0123456789abcdefghij", { email: "volunteer01@example.com", code: issued.code })).toBe(issued.volunteer.id);
  });

  it("has btree_gist for room exclusion constraints", async () => {
    const db = handle!.db;
    await sql`CREATE TEMP TABLE t (room integer, during tstzrange, EXCLUDE USING gist (room WITH =, during WITH &&))`.execute(db);
    await sql`INSERT INTO t VALUES (1, tstzrange('2026-12-01 09:00+08', '2026-12-01 11:00+08'))`.execute(db);
    await expect(sql`INSERT INTO t VALUES (1, tstzrange('2026-12-01 10:00+08', '2026-12-01 12:00+08'))`.execute(db)).rejects.toThrow(/conflicting key value/);
    await sql`INSERT INTO t VALUES (2, tstzrange('2026-12-01 10:00+08', '2026-12-01 12:00+08'))`.execute(db);
  });

  it("refuses a second process on the same data folder with a clear message", async () => {
    fs.writeFileSync(path.join(dataDir, "shuxiang.pid"), String(process.ppid)); // a live process
    const lockOwnedByUs = String(process.pid);
    await expect(openDatabase({ dataDir })).rejects.toThrow(DataFolderInUseError);
    await expect(openDatabase({ dataDir })).rejects.toThrow(/in use by process/);
    fs.writeFileSync(path.join(dataDir, "shuxiang.pid"), lockOwnedByUs);
  });

  it("keeps its data across a restart, and takes over the lock of a process that died", async () => {
    await handle!.close();
    handle = undefined;
    expect(fs.existsSync(path.join(dataDir, "shuxiang.pid"))).toBe(false);
    fs.writeFileSync(path.join(dataDir, "shuxiang.pid"), "999999"); // no such process
    handle = await openDatabase({ dataDir });
    expect(await migrateToLatest(handle.db)).toEqual([]);
    expect(await isDemoDataSeeded(handle.db)).toBe(true);
    expect(await listBranches(handle.db)).toHaveLength(9);
    await handle.close();
    handle = undefined;
  }, 60_000);

  it("runs the whole app's services: a sign-in code goes through the job queue into the mailbox", async () => {
    const services = await createServices(loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: "e".repeat(40), DELIVERY_RETRY_DELAY_SECONDS: "1" }));
    try {
      expect(services.storeKind).toBe("embedded");
      expect(services.mailer.kind).toBe("mailbox");
      const sent = await sendVolunteerSignInCode(services, { email: "volunteer05@example.com", ip: "127.0.0.1" });
      expect(sent.ok).toBe(true);
      const deadline = Date.now() + 15_000;
      let mail;
      while (!(mail = (await listMailbox(services.db)).find((m) => m.to_address === "volunteer05@example.com")) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(mail?.subject).toMatch(/\d{6}/);
      // Requests keep working while the queue runs on the same embedded instance.
      expect(await listBranches(services.db)).toHaveLength(9);

      // Booking on the embedded store: the same code, the same invariants, the invite into the mailbox.
      const deps = appDeps(services);
      const coordinator = (await demoStaff(services.db))("coord.streets@shuxiang.example", ["SE"]);
      const role = await services.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow();
      const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 30 * 86400_000));
      const created = await createShifts(deps, { user: coordinator }, createShiftSchema.parse({ branch: "SE", roleId: role.id, date, start: "10:00", end: "11:00", capacity: 1, minNeeded: 1 }));
      if (!created.ok) throw new Error(JSON.stringify(created.errors));
      const [shiftId] = created.ids;
      // Volunteers who stated no weekly availability, so any day of the week will do.
      const people = await services.db.selectFrom("shuxiang.volunteers").select(["id", "email"]).where("status", "=", "appointed").where("availability", "is", null).orderBy("id").limit(3).execute();
      const results = await Promise.all(people.map((p) => bookShift(deps, p.id, shiftId)));
      expect(results.map((r) => r.ok && r.status).sort()).toEqual(["confirmed", "waitlisted", "waitlisted"]);
      const holder = people[results.findIndex((r) => r.ok && r.status === "confirmed")];
      expect(await cancelBooking(deps, holder.id, shiftId)).toMatchObject({ ok: true, promoted: [expect.any(Number)] });
      const booked = await services.db.selectFrom("shuxiang.shifts").select("booked").where("id", "=", shiftId).executeTakeFirstOrThrow();
      expect(booked.booked).toBe(1);
      const until = Date.now() + 15_000;
      let invites: Awaited<ReturnType<typeof listMailbox>> = [];
      while ((invites = (await listMailbox(services.db)).filter((m) => m.ical_method)).length < 3 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
      }
      // Booked (REQUEST), cancelled (CANCEL), promoted (REQUEST).
      expect(invites.map((m) => m.ical_method).sort()).toEqual(["CANCEL", "REQUEST", "REQUEST"]);
    } finally {
      await services.close();
    }
  }, 60_000);
});

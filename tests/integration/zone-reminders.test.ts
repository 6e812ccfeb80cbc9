// Reminders in the branch's zone (docs/decisions/0024): a shift at 23:30 on 15 January at a branch
// in Europe/Berlin is 06:30 on 16 January in Shanghai. Its reminder goes 24 hours before, and the
// email the volunteer receives (real SMTP) names the day and time in Berlin, where the shift is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { bookShift } from "#app/modules/shifts/bookings.server.ts";
import { sendDueReminders } from "#app/modules/shifts/reminders.server.ts";
import { createShiftSchema } from "#app/modules/shifts/schemas.ts";
import { createShifts } from "#app/modules/shifts/shifts.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { deliverQueued as deliverOutbox } from "#tests/support/deliver.ts";
import { startTestServices } from "#tests/support/services.ts";
import { recipients, startSmtpServer, type TestSmtpServer } from "#tests/support/smtp.ts";
import { demoStaff } from "#tests/support/staff.ts";

let t: TestDatabase;
let smtp: TestSmtpServer;
let services: Services;
let deps: AppDeps;

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpServer();
  services = await startTestServices(t, { SMTP_URL: smtp.url, WORKERS: "off" });
  deps = appDeps(services);
  await t.db.updateTable("library.branches").set({ timezone: "Europe/Berlin" }).where("code", "=", "PP").execute();
});
afterAll(async () => {
  await services?.close();
  await smtp?.close();
  await t?.drop();
});

const deliverQueued = () => deliverOutbox(t, services, smtp);

describe("reminders at a branch in another zone", () => {
  it("a Berlin shift late on the 15th is reminded 24 h before, dated the 15th at 23:30 — not Shanghai's 16th", async () => {
    const coordinator = (await demoStaff(t.db))("admin@shuxiang.example", []);
    const shelving = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow()).id;
    const planned = await createShifts(
      deps,
      { user: coordinator },
      createShiftSchema.parse({ branch: "PP", roleId: shelving, date: "2027-01-15", start: "23:30", end: "23:59", capacity: 1, minNeeded: 1, notes: "" }),
      new Date("2026-12-01T00:00:00Z"),
    );
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
    const shift = await t.db.selectFrom("shuxiang.shifts").select(["starts_at", "local_date"]).where("id", "=", planned.ids[0]).executeTakeFirstOrThrow();
    // 23:30 CET is 22:30 UTC.
    expect(shift.starts_at.toISOString()).toBe("2027-01-15T22:30:00.000Z");
    const [volunteer] = await t.db.insertInto("shuxiang.volunteers").values({ email: "berlin-reminder@example.com", name: "林雪", status: "appointed", language: "zh-CN" }).returning("id").execute();
    expect(await bookShift(deps, volunteer.id, planned.ids[0])).toMatchObject({ ok: true, status: "confirmed" });
    await deliverQueued();

    const due = new Date(shift.starts_at.getTime() - 24 * 3600_000);
    expect(await sendDueReminders(deps, new Date(due.getTime() - 60_000))).toBe(0);
    expect(await sendDueReminders(deps, new Date(due.getTime() + 60_000))).toBe(1);
    const [mail] = (await deliverQueued()).filter((m) => recipients(m).includes("berlin-reminder@example.com"));
    expect(mail).toBeDefined();
    const text = `${mail.subject}\n${mail.text}`;
    expect(text).toContain("2027年1月15日");
    expect(text).toContain("23:30");
    expect(text).not.toContain("2027年1月16日");
    expect(text).not.toContain("06:30");
  });
});

import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import { sendVolunteerSignInCode } from "#app/modules/auth/volunteer-sign-in.server.ts";
import { deliveryCounts, listDeliveries, resendMessage } from "#app/modules/admin/deliveries.server.ts";
import { DEMO_VOLUNTEER_EMAIL } from "#db/seed/index.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { demoStaff } from "#tests/support/staff.ts";
import { startSmtpServer, type TestSmtpServer } from "#tests/support/smtp.ts";

let t: TestDatabase;
let smtp: TestSmtpServer;
let services: Services;

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpServer();
});
afterEach(async () => {
  await services?.close();
});
afterAll(async () => {
  await smtp.close();
  await t.drop();
});

it("counts and lists messages by status, and refuses resends that cannot be right", async () => {
  services = await startTestServices(t, { SMTP_URL: smtp.url, WORKERS: "off" });
  const sent = await sendVolunteerSignInCode(services, { email: DEMO_VOLUNTEER_EMAIL, ip: "127.0.0.1" });
  if (!sent.ok) throw new Error(sent.reason);

  expect(await deliveryCounts(t.db)).toEqual({ queued: 1, sending: 0, sent: 0, failed: 0 });
  expect((await listDeliveries(t.db, { status: "queued" })).map((m) => [m.id, m.resendable])).toEqual([[sent.messageId, false]]);
  expect(await listDeliveries(t.db, { status: "sent" })).toEqual([]);

  const actor = { user: (await demoStaff(t.db))("admin@shuxiang.example", []) };
  // Still queued: resending would only send it twice.
  expect(await resendMessage(t.db, services.boss, "localhost", sent.messageId, actor)).toEqual({ ok: false, reason: "in-progress" });
  expect(await resendMessage(t.db, services.boss, "localhost", 999_999, actor)).toEqual({ ok: false, reason: "not-found" });
  await t.db.updateTable("shuxiang.messages").set({ status: "sent" }).where("id", "=", sent.messageId).execute();
  // A sign-in code's secret is gone once sent: it cannot be sent again, only asked for anew.
  expect(await resendMessage(t.db, services.boss, "localhost", sent.messageId, actor)).toEqual({ ok: false, reason: "secret" });
  expect(await t.db.selectFrom("shuxiang.audit_log").select("id").where("action", "=", "message.resend").execute()).toEqual([]);
});

// A message that cannot be rendered or stored fails at once with its reason (a retry would only
// fail the same way), is counted as failed, and stays in front of administrators until someone
// resends it or marks it as dealt with. And the messages that once stuck (applications received,
// in Chinese, in the built-in mailbox) now arrive whole.
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import { createMailer } from "#app/modules/mail/mailer.server.ts";
import { deliverBatch, unsendableText } from "#app/modules/notifications/delivery.server.ts";
import { deliveryCounts, listDeliveries, markFailureHandled, openFailureCount, resendMessage } from "#app/modules/admin/deliveries.server.ts";
import { queueMessage, queueMessages, type NewMessage } from "#app/modules/notifications/outbox.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import type { TemplateName } from "#emails/index.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { cjk } from "#tests/support/text.ts";
import { until } from "#tests/support/wait.ts";
import { startTestServices } from "#tests/support/services.ts";
import { demoStaff } from "#tests/support/staff.ts";

let t: TestDatabase;
const started: Services[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
  await t.db.deleteFrom("shuxiang.messages").execute();
});
afterAll(async () => {
  await t.drop();
});

async function services(env: Record<string, string> = {}) {
  const s = await startTestServices(t, env);
  started.push(s);
  return s;
}


it("delivers application-received messages with Chinese names of every length from 1 to 60 into the built-in mailbox, whole", async () => {
  const s = await services(); // no SMTP_URL: the mailbox, with workers
  const messages: NewMessage<TemplateName>[] = Array.from({ length: 60 }, (_, i) => ({
    to: { email: `applicant${i}@example.com`, name: cjk(i + 1), language: "zh-CN" },
    template: "application-received",
    data: { name: cjk(i + 1), status: "applied", url: "http://localhost:3999/volunteer/profile" },
  }));
  const ids = await s.db.transaction().execute((trx) => queueMessages(trx, appDeps(s), messages));
  const sent = await until(async () => {
    const rows = await t.db.selectFrom("shuxiang.messages").select(["id", "status"]).where("id", "in", ids).execute();
    return rows.every((r) => r.status === "sent" || r.status === "failed") && rows;
  });
  expect(sent.filter((r) => r.status !== "sent")).toEqual([]);
  const stored = await t.db.selectFrom("shuxiang.mailbox_messages").select(["to_address", "text_body", "html_body"]).where("to_address", "like", "applicant%").execute();
  expect(stored).toHaveLength(60);
  for (const m of stored) {
    const i = Number(/applicant(\d+)@/.exec(m.to_address)![1]);
    expect(m.html_body).toContain(cjk(i + 1));
    expect(m.text_body).toContain(cjk(i + 1));
    expect(m.html_body + m.text_body).not.toMatch(/[\u0000\uFFFD]/);
  }
}, 60_000);

it("fails a message that cannot be rendered, or that the mailbox cannot store, at once with the reason; administrators see it until someone deals with it", async () => {
  const s = await services({ WORKERS: "off" });
  const admin = await t.db.selectFrom("shuxiang.staff").select("id").where("role", "=", "administrator").executeTakeFirstOrThrow();
  const [broken, garbled, fine] = await s.db.transaction().execute(async (trx) =>
    Promise.all([
      // Data the template cannot render (a message written by an older version, say).
      queueMessage(trx, appDeps(s), { to: { email: "broken@example.com", name: "张三", language: "zh-CN" }, template: "shift-booked", data: {} as never }),
      queueMessage(trx, appDeps(s), { to: { email: "garbled@example.com", name: "李四", language: "zh-CN" }, template: "application-received", data: { name: "李四", status: "applied", url: "http://localhost:3999/x" } }),
      queueMessage(trx, appDeps(s), { to: { email: "fine@example.com", name: "王五", language: "zh-CN" }, template: "application-received", data: { name: "王五", status: "applied", url: "http://localhost:3999/x" } }),
    ]),
  );
  // A mailbox handed a NUL byte (as the old streaming render produced) refuses it as data.
  const mailbox = createMailer({ db: t.db, from: "test@example.com" });
  const mailer = { ...mailbox, send: (mail: Parameters<typeof mailbox.send>[0]) => mailbox.send(mail.to === "garbled@example.com" || (typeof mail.to === "object" && mail.to.address === "garbled@example.com") ? { ...mail, html: mail.html.replace("李四", "李\u0000四") } : mail) };
  const deps = { db: t.db, mailer, leaseSeconds: 30, links: { secret: s.config.sessionSecret, publicUrl: s.config.publicUrl } };
  const jobs = [broken, garbled, fine].map((messageId) => ({ messageId, lastAttempt: false }));
  expect(await deliverBatch(deps, jobs)).toEqual(["failed", "failed", "sent"]);

  const rows = await t.db.selectFrom("shuxiang.messages").select(["id", "status", "attempts", "last_error"]).where("id", "in", [broken, garbled]).orderBy("id").execute();
  expect(rows.map((r) => [r.status, r.attempts])).toEqual([["failed", 1], ["failed", 1]]);
  expect(rows[0].last_error).toMatch(/^Could not render/);
  expect(rows[1].last_error).toMatch(/mailbox could not store the message/);
  expect(await deliveryCounts(t.db)).toEqual({ queued: 0, sending: 0, sent: 1, failed: 2 });
  expect(await openFailureCount(t.db)).toBe(2);
  expect((await listDeliveries(t.db, { status: "failed" })).map((m) => m.handleable)).toEqual([true, true]);

  // Dealt with: marked (audited) or resent; a resent one that fails again is back in front of them.
  const actor = { user: (await demoStaff(t.db))("admin@shuxiang.example", []) };
  expect(await markFailureHandled(t.db, broken, actor)).toEqual({ ok: true });
  expect(await markFailureHandled(t.db, fine, actor)).toEqual({ ok: false, reason: "not-failed" });
  expect(await openFailureCount(t.db)).toBe(1);
  const audit = await t.db.selectFrom("shuxiang.audit_log").select(["actor_staff_id", "entity_id"]).where("action", "=", "message.failure-handled").execute();
  expect(audit).toEqual([{ actor_staff_id: admin.id, entity_id: String(broken) }]);
  expect(await resendMessage(t.db, s.boss, "localhost", garbled, actor)).toEqual({ ok: true, messageId: garbled });
  expect(await openFailureCount(t.db)).toBe(0);
  expect(await deliverBatch(deps, [{ messageId: garbled, lastAttempt: false }])).toEqual(["failed"]);
  expect(await openFailureCount(t.db)).toBe(1);
  // Nothing was stored for the refused message.
  const inMailbox = await t.db.selectFrom("shuxiang.mailbox_messages").select(sql<number>`count(*)::int`.as("n")).where("to_address", "=", "garbled@example.com").executeTakeFirstOrThrow();
  expect(inMailbox.n).toBe(0);
});

it("calls a rendered message unsendable when it holds a NUL or broken UTF-16, and not otherwise", () => {
  expect(unsendableText({ subject: "书香", html: "<p>图书修补</p>", text: "图书修补" })).toBeNull();
  expect(unsendableText({ subject: "书香", html: "<p>图\u0000\u0000书修补</p>", text: "图书修补" })).toMatch(/html contains a NUL/);
  expect(unsendableText({ subject: "书\uD800香", html: "", text: "" })).toMatch(/subject is not valid Unicode/);
});

// The delivery pipeline on real PostgreSQL and a real SMTP server: outbox → pg-boss → SMTP.
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import { sendVolunteerSignInCode } from "#app/modules/auth/volunteer-sign-in.server.ts";
import { enqueueDelivery, queueMessage, queueMessages } from "#app/modules/notifications/outbox.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { DEMO_VOLUNTEER_EMAIL } from "#db/seed/index.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { until } from "#tests/support/wait.ts";
import { startTestServices } from "#tests/support/services.ts";
import { recipients, startSmtpServer, type TestSmtpServer } from "#tests/support/smtp.ts";

let t: TestDatabase;
let smtp: TestSmtpServer;
const started: Services[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpServer();
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await smtp.close();
  await t.drop();
});

async function services(env: Record<string, string> = {}) {
  const s = await startTestServices(t, { SMTP_URL: smtp.url, ...env });
  started.push(s);
  return s;
}

async function queue(s: Services, count: number, prefix: string) {
  const ids: number[] = [];
  await s.db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i++) {
      ids.push(
        await queueMessage(trx, appDeps(s), {
          to: { email: `${prefix}${i}@example.com`, name: `读者${i}`, language: "zh-CN" },
          template: "sign-in-code",
          data: { name: `读者${i}`, code: String(100000 + i), link: `http://localhost:3999/x/${i}` },
        }),
      );
    }
  });
  return ids;
}

async function statuses(ids: number[]) {
  return t.db.selectFrom("shuxiang.messages").select(["id", "status", "message_id", "attempts", "last_error"]).where("id", "in", ids).orderBy("id").execute();
}

describe("delivery", () => {
  it("sends a sign-in code in the volunteer's language, records the answer and wipes the code", async () => {
    const s = await services();
    const result = await sendVolunteerSignInCode(s, { email: DEMO_VOLUNTEER_EMAIL, ip: "127.0.0.1" });
    if (!result.ok) throw new Error(result.reason);
    const mail = await smtp.waitFor((m) => recipients(m).includes(DEMO_VOLUNTEER_EMAIL));
    expect(mail.subject).toMatch(/^书香登录验证码：\d{6}$/);
    expect(mail.text).toContain("15 分钟内有效");
    expect(mail.text).toContain("您收到这封邮件，是因为"); // the footer says why
    const row = await until(() =>
      t.db.selectFrom("shuxiang.messages").selectAll().where("id", "=", result.messageId).where("status", "=", "sent").executeTakeFirst(),
    );
    expect(row.message_id).toBe(mail.messageId);
    expect(row.smtp_response).toMatch(/^250/);
    expect(row.subject).toBe("书香登录验证码：••••••"); // the code is not kept in the record
    expect(row.data).toEqual({ name: expect.any(String) }); // code and link are gone once sent
  });

  it("sends English to an English-speaking volunteer", async () => {
    const s = await services();
    const english = await t.db.selectFrom("shuxiang.volunteers").select(["email", "name"]).where("language", "=", "en").where("status", "=", "appointed").executeTakeFirstOrThrow();
    await sendVolunteerSignInCode(s, { email: english.email, ip: "127.0.0.2" });
    const mail = await smtp.waitFor((m) => recipients(m).includes(english.email));
    expect(mail.subject).toMatch(/^Your Shuxiang sign-in code: \d{6}$/);
    expect(mail.text).toContain(`Hello ${english.name}`);
    expect(mail.text).toContain("You are receiving this email because");
  });

  it("never sends what was written in a transaction that rolled back, and sends a repeated key once", async () => {
    const s = await services();
    await expect(
      s.db.transaction().execute(async (trx) => {
        await queueMessage(trx, appDeps(s), { to: { email: "rolled-back@example.com", name: "", language: "zh-CN" }, template: "sign-in-code", data: { name: "x", code: "1", link: "l" } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");

    const message = { to: { email: "once@example.com", name: "", language: "en" as const }, template: "sign-in-code" as const, data: { name: "x", code: "2", link: "l" }, idempotencyKey: "test-once" };
    const first = await s.db.transaction().execute((trx) => queueMessage(trx, appDeps(s), message));
    const second = await s.db.transaction().execute((trx) => queueMessage(trx, appDeps(s), message));
    expect(second).toBe(first);
    await smtp.waitFor((m) => recipients(m).includes("once@example.com"));
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.messages.filter((m) => recipients(m).includes("once@example.com"))).toHaveLength(1);
    expect(smtp.messages.filter((m) => recipients(m).includes("rolled-back@example.com"))).toHaveLength(0);
    expect(await t.db.selectFrom("shuxiang.messages").select("id").where("recipient_email", "=", "rolled-back@example.com").execute()).toEqual([]);
  });

  it("marks a permanent refusal as failed with the server's answer, without retrying", async () => {
    const s = await services();
    smtp.failNext(1, 550);
    const [id] = await queue(s, 1, "refused");
    const row = await until(async () => (await statuses([id])).find((r) => r.status === "failed"));
    expect(row.attempts).toBe(1);
    expect(row.last_error).toContain("Mailbox unavailable");
  });

  it("gives up after the retry limit and says why", async () => {
    const s = await services({ DELIVERY_RETRY_LIMIT: "1" });
    smtp.failNext(100, 451);
    const [id] = await queue(s, 1, "give-up");
    const row = await until(async () => (await statuses([id])).find((r) => r.status === "failed"), 30_000);
    smtp.failNext(0);
    expect(row.attempts).toBe(2);
    expect(row.last_error).toContain("Try again later");
  });
});

describe("duplicates", () => {
  it("sends a message once even when it has two delivery jobs", async () => {
    const s = await services();
    const before = smtp.messages.length;
    const [id] = await s.db.transaction().execute(async (trx) => {
      const messageId = await queueMessage(trx, appDeps(s), { to: { email: "twice@example.com", name: "", language: "zh-CN" }, template: "sign-in-code", data: { name: "x", code: "3", link: "l" } });
      await enqueueDelivery(trx, s.boss, messageId);
      await enqueueDelivery(trx, s.boss, messageId);
      return [messageId];
    });
    await until(async () => (await statuses([id]))[0].status === "sent");
    await new Promise((r) => setTimeout(r, 2500));
    expect(smtp.messages.slice(before).filter((m) => recipients(m).includes("twice@example.com"))).toHaveLength(1);
  });
});

describe("batches", () => {
  it("writes many messages in one call: ids in order, repeated keys once, each delivered once with its secret wiped", async () => {
    const s = await services();
    const before = smtp.messages.length;
    const message = (i: number, key?: string) => ({
      to: { email: `batch${i}@example.com`, name: `读者${i}`, language: "zh-CN" as const },
      template: "sign-in-code" as const,
      data: { name: `读者${i}`, code: String(300000 + i), link: `http://localhost:3999/b/${i}` },
      idempotencyKey: key,
    });
    const [earlier] = await s.db.transaction().execute((trx) => queueMessages(trx, appDeps(s), [message(0, "batch-key-0")]));
    const ids = await s.db.transaction().execute((trx) =>
      // An already written key, a key twice in the batch, and messages without keys.
      queueMessages(trx, appDeps(s), [message(0, "batch-key-0"), message(1, "batch-key-1"), message(2), message(1, "batch-key-1"), message(3)]),
    );
    expect(ids[0]).toBe(earlier);
    expect(ids[3]).toBe(ids[1]);
    expect(new Set(ids).size).toBe(4);
    const rows = await s.db.selectFrom("shuxiang.messages").select(["id", "recipient_email"]).where("id", "in", ids).execute();
    const emailOf = new Map(rows.map((r) => [r.id, r.recipient_email]));
    expect(ids.map((id) => emailOf.get(id))).toEqual(["batch0@example.com", "batch1@example.com", "batch2@example.com", "batch1@example.com", "batch3@example.com"]);

    await until(async () => (await statuses([...new Set(ids)])).every((r) => r.status === "sent"));
    await new Promise((r) => setTimeout(r, 1000));
    for (const i of [0, 1, 2, 3]) expect(smtp.messages.slice(before).filter((m) => recipients(m).includes(`batch${i}@example.com`))).toHaveLength(1);
    // Recorded together at the end of their batch: answer, subject with the code masked, code gone.
    const sent = await s.db.selectFrom("shuxiang.messages").select(["smtp_response", "subject", "data", "sent_at", "lease_until"]).where("id", "in", ids).execute();
    for (const m of sent) {
      expect(m.smtp_response).toMatch(/^250/);
      expect(m.subject).toContain("••••••");
      expect(m.subject).not.toMatch(/3000\d\d/);
      expect(m.data).not.toHaveProperty("code");
      expect(m.data).toHaveProperty("name");
      expect(m.sent_at).not.toBeNull();
      expect(m.lease_until).toBeNull();
    }
  });

  it("writes nothing for an empty batch", async () => {
    const s = await services();
    expect(await s.db.transaction().execute((trx) => queueMessages(trx, appDeps(s), []))).toEqual([]);
  });
});

describe("faults", () => {
  it("delivers everything once when the SMTP server comes back after being down", async () => {
    const down = await startSmtpServer();
    const port = down.port;
    await down.close();
    const s = await services({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    const ids = await queue(s, 5, "outage");
    // While the server is down every message is waiting, with the reason recorded.
    await until(async () => (await statuses(ids)).every((r) => r.attempts >= 1 && r.status === "queued" && r.last_error));
    const back = await startSmtpServer(undefined, { port });
    try {
      const rows = await until(async () => {
        const r = await statuses(ids);
        return r.every((x) => x.status === "sent") && r;
      }, 40_000);
      await new Promise((r) => setTimeout(r, 500));
      const ours = new Set(rows.map((r) => r.message_id));
      const received = back.messages.map((m) => m.messageId).filter((id) => ours.has(id!));
      expect(received.sort()).toEqual(rows.map((r) => r.message_id).sort());
    } finally {
      await back.close();
    }
  }, 60_000);

  it("two workers never send the same message", async () => {
    const a = await services();
    await services();
    const before = smtp.messages.length;
    const ids = await queue(a, 200, "pair");
    const rows = await until(async () => {
      const r = await statuses(ids);
      return r.every((x) => x.status === "sent") && r;
    }, 40_000);
    await new Promise((r) => setTimeout(r, 500));
    // Only this test's messages (the workers' minute job may also send reminders for demo shifts).
    const ours = new Set(rows.map((r) => r.message_id));
    const received = smtp.messages.slice(before).map((m) => m.messageId).filter((id) => ours.has(id!));
    expect(received).toHaveLength(200);
    expect(new Set(received)).toEqual(new Set(rows.map((r) => r.message_id)));
    // Both workers took part.
    const jobs = await sql<{ n: number }>`SELECT count(DISTINCT data->>'messageId')::int AS n FROM pgboss.job WHERE name = 'deliver-message'`.execute(t.db);
    expect(jobs.rows[0].n).toBeGreaterThanOrEqual(200);
  }, 60_000);
});

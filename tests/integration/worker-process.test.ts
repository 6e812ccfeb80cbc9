// `npm run worker` processes against PostgreSQL: one is killed (SIGKILL) in the middle of a batch,
// another takes over. Nothing is lost; nothing goes out twice under two different Message-IDs.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import { queueMessage } from "#app/modules/notifications/outbox.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { startApp, type AppProcess } from "#tests/support/app-process.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { startSmtpServer, type TestSmtpServer } from "#tests/support/smtp.ts";

let t: TestDatabase;
let smtp: TestSmtpServer;
let writer: Services;
const workers: AppProcess[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpServer(undefined, { delayMs: 15 }); // a slow server, so the kill lands mid-batch
  writer = await startTestServices(t, { SMTP_URL: smtp.url, WORKERS: "off" });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop("SIGKILL")));
  await writer.close();
  await smtp.close();
  await t.drop();
});

async function startWorker() {
  const worker = await startApp(
    {
      DATABASE_URL: t.url,
      SMTP_URL: smtp.url,
      // The writer's secret: the worker opens the sign-in links the writer sealed (docs/decisions/0015).
      SESSION_SECRET: writer.config.sessionSecret,
      DATA_DIR: "/tmp",
      DELIVERY_RETRY_DELAY_SECONDS: "1",
      DELIVERY_LEASE_SECONDS: "3",
    },
    { script: "scripts/worker.ts", waitHealthy: false },
  );
  workers.push(worker);
  return worker;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("Timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

it("loses nothing when a worker dies mid-batch, and sends nothing twice", async () => {
  const total = 300;
  await writer.db.transaction().execute(async (trx) => {
    for (let i = 0; i < total; i++) {
      await queueMessage(trx, appDeps(writer), {
        to: { email: `kill${i}@example.com`, name: "", language: "zh-CN" },
        template: "sign-in-code",
        data: { name: `志愿者${i}`, code: String(200000 + i), link: "http://localhost/x" },
      });
    }
  });

  const first = await startWorker();
  await until(() => smtp.messages.length >= 40, 30_000);
  first.child.kill("SIGKILL");
  await first.stop();
  const atKill = smtp.messages.length;
  expect(atKill).toBeLessThan(total); // it really died in the middle
  // The messages it was holding when it died: only these can have reached the server unrecorded.
  const inFlight = (await t.db.selectFrom("shuxiang.messages").select("id").where("status", "=", "sending").execute()).length;

  await startWorker();
  await until(async () => {
    const pending = await t.db.selectFrom("shuxiang.messages").select("id").where("status", "!=", "sent").where("recipient_email", "like", "kill%@example.com").execute();
    return pending.length === 0;
  }, 60_000);
  await new Promise((r) => setTimeout(r, 500));

  // Only this test's messages (the workers' minute job may also send reminders for demo shifts).
  const rows = await t.db.selectFrom("shuxiang.messages").select("message_id").where("recipient_email", "like", "kill%@example.com").execute();
  const ours = new Set(rows.map((r) => r.message_id));
  const received = smtp.messages.map((m) => m.messageId!).filter((id) => ours.has(id));
  // Every message arrived, under its own recorded Message-ID.
  expect(new Set(received)).toEqual(new Set(rows.map((r) => r.message_id)));
  // A repeat can only be a message in flight at the kill (the server took it, the worker died
  // before hearing so), and it carries the same Message-ID, so receivers drop it as a duplicate.
  const repeats = received.length - new Set(received).size;
  expect(repeats).toBeLessThanOrEqual(inFlight);
  const sentOnce = rows.filter((r) => received.filter((id) => id === r.message_id).length === 1).length;
  expect(sentOnce).toBeGreaterThanOrEqual(total - inFlight);
}, 120_000);

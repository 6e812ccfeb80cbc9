// Delivery benchmark: 10,000 invite messages (email + calendar part) through the whole pipeline —
// outbox rows and jobs written in transactions, pg-boss workers, React-email rendering, pooled
// SMTP to a loopback server — side by side with raw nodemailer sends of the same messages.
// Run: npm run bench   (NODE_ENV=production, as under npm start; TEST_DATABASE_URL, default the
// machine's PostgreSQL)
import { DateTime } from "luxon";
import { SMTPServer } from "smtp-server";
import { expect, it } from "vitest";
import { buildInvite, calendarUid } from "#app/modules/calendar/ical.server.ts";
import { createMailer } from "#app/modules/mail/mailer.server.ts";
import { queueMessage, queueMessages, newMessageId } from "#app/modules/notifications/outbox.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { renderTemplate } from "#emails/index.ts";
import { getFixedT } from "#app/i18n/i18n.server.ts";
import { createTestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { startApp } from "#tests/support/app-process.ts";

const COUNT = Number(process.env.BENCH_MESSAGES ?? 10_000);
const WORKER_PROCESSES = Number(process.env.BENCH_WORKER_PROCESSES ?? 2);

async function countingSmtpServer() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _s, cb) {
      stream.on("data", () => {});
      stream.on("end", () => {
        received++;
        cb();
      });
    },
  });
  server.on("error", () => {});
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, received: () => received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function invite(i: number) {
  const start = DateTime.fromISO("2026-12-01T09:00", { zone: "Asia/Shanghai" }).plus({ days: i % 30, hours: i % 4 });
  return buildInvite({
    uid: calendarUid("shift", i, "bench.example"),
    sequence: 0,
    start,
    end: start.plus({ hours: 3 }),
    summary: "图书整架 · 鼓楼图书馆",
    location: "鼓楼图书馆 读者接待台",
    organizer: { name: "鼓楼图书馆志愿者服务台", email: "volunteers.gl@shuxiang.example" },
    attendee: { name: `志愿者${i}`, email: `v${i}@example.com` },
    cancelled: false,
    alarmMinutesBefore: 1440,
  });
}

const fmt = (n: number) => n.toFixed(0).padStart(8);

it(`delivers ${COUNT} invites`, async () => {
  const t = await createTestDatabase();
  const smtp = await countingSmtpServer();
  try {
    // 1. Building the calendar parts.
    let began = performance.now();
    const invites = Array.from({ length: COUNT }, (_, i) => invite(i));
    const icsMs = performance.now() - began;

    // 2. The pipeline: write (100 per transaction, as a busy app would), then deliver — once with
    // the workers inside one app process, once with separate `npm run worker` processes.
    const services = await startTestServices(t, { SMTP_URL: smtp.url, WORKERS: "off" });
    const message = (i: number, calendar = invites[i]) => ({
      to: { email: `v${i}@example.com`, name: `志愿者${i}`, language: "zh-CN" as const },
      template: "sign-in-code" as const,
      data: { name: `志愿者${i}`, code: String(100000 + (i % 900000)), link: "https://library.example/x" },
      calendar: { method: calendar.method, ics: calendar.ics },
    });
    // One message per call, 100 calls per transaction (a busy app's bookings) ...
    const write = async () => {
      for (let offset = 0; offset < COUNT; offset += 100) {
        await services.db.transaction().execute(async (trx) => {
          for (let i = offset; i < Math.min(COUNT, offset + 100); i++) await queueMessage(trx, appDeps(services), message(i));
        });
      }
    };
    // ... or 100 in one call (a call for help, an event's registrations told of a change).
    const writeBatched = async (build = (i: number) => message(i)) => {
      for (let offset = 0; offset < COUNT; offset += 100) {
        const batch = Array.from({ length: Math.min(100, COUNT - offset) }, (_, j) => build(offset + j));
        await services.db.transaction().execute((trx) => queueMessages(trx, appDeps(services), batch));
      }
    };
    const allDelivered = async (target: number) => {
      while (smtp.received() < target) {
        await new Promise((r) => setTimeout(r, 20));
        const failed = await t.db.selectFrom("shuxiang.messages").select("last_error").where("status", "=", "failed").executeTakeFirst();
        if (failed) throw new Error(`A message failed: ${failed.last_error}`);
      }
      // The server has every message; the last answers are being recorded.
      const deadline = Date.now() + 10_000;
      let pending = await t.db.selectFrom("shuxiang.messages").select("id").where("status", "!=", "sent").execute();
      while (pending.length > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        pending = await t.db.selectFrom("shuxiang.messages").select("id").where("status", "!=", "sent").execute();
      }
      expect(pending).toHaveLength(0);
    };

    began = performance.now();
    await write();
    const writeMs = performance.now() - began;
    const workers = await startTestServices(t, { SMTP_URL: smtp.url });
    began = performance.now();
    await allDelivered(COUNT);
    const deliverMs = performance.now() - began;
    await workers.close();

    began = performance.now();
    await writeBatched();
    const batchedWriteMs = performance.now() - began;
    const processes = await Promise.all(
      Array.from({ length: WORKER_PROCESSES }, () =>
        startApp(
          { DATABASE_URL: t.url, SMTP_URL: smtp.url, SESSION_SECRET: "b".repeat(40), DATA_DIR: "/tmp" },
          { script: "scripts/worker.ts", waitHealthy: false },
        ),
      ),
    );
    began = performance.now();
    await allDelivered(2 * COUNT);
    const scaledMs = performance.now() - began;

    // End to end as it runs in production: the workers deliver while the messages are being built
    // and written; from the first calendar part built to the last message accepted by the server.
    began = performance.now();
    await writeBatched((i) => message(i, invite(i)));
    await allDelivered(3 * COUNT);
    const liveMs = performance.now() - began;
    await Promise.all(processes.map((p) => p.stop()));
    await services.close();

    // 3. Raw nodemailer: the same rendered messages, no database, no queue.
    const tr = await getFixedT("zh-CN");
    began = performance.now();
    const rendered = [];
    for (let i = 0; i < COUNT; i++) {
      rendered.push(await renderTemplate("sign-in-code", tr, "zh-CN", { name: `志愿者${i}`, code: "123456", link: "https://library.example/x" }));
    }
    const renderMs = performance.now() - began;
    // The same pooled transport the pipeline uses (nodemailer, TCP_NODELAY, 4 connections).
    const transport = createMailer({ db: t.db, smtpUrl: smtp.url, from: "bench@shuxiang.example" });
    const before = smtp.received();
    began = performance.now();
    for (let offset = 0; offset < COUNT; offset += 40) {
      await Promise.all(
        rendered.slice(offset, offset + 40).map((m, j) =>
          transport.send({
            to: `v${offset + j}@example.com`,
            subject: m.subject,
            text: m.text,
            html: m.html,
            messageId: newMessageId("bench.example"),
            calendar: { method: invites[offset + j].method, content: invites[offset + j].ics },
          }),
        ),
      );
    }
    const rawMs = performance.now() - began;
    transport.close();
    expect(smtp.received() - before).toBe(COUNT);

    const perSecond = (ms: number) => (COUNT / ms) * 1000;
    const lines = [
      `Delivery benchmark, ${COUNT} invite messages, loopback SMTP, PostgreSQL at ${new URL(t.url).host}`,
      `                                    ms     msg/s`,
      `build ICS (ical-generator)    ${fmt(icsMs)}  ${fmt(perSecond(icsMs))}`,
      `render email (react-email)    ${fmt(renderMs)}  ${fmt(perSecond(renderMs))}`,
      `write outbox + jobs, 1 a call ${fmt(writeMs)}  ${fmt(perSecond(writeMs))}`,
      `write outbox + jobs, 100 a call${fmt(batchedWriteMs)}  ${fmt(perSecond(batchedWriteMs))}`,
      `pipeline delivery (in app)    ${fmt(deliverMs)}  ${fmt(perSecond(deliverMs))}`,
      `pipeline delivery (${WORKER_PROCESSES} workers) ${fmt(scaledMs)}  ${fmt(perSecond(scaledMs))}`,
      `raw nodemailer send           ${fmt(rawMs)}  ${fmt(perSecond(rawMs))}`,
      `one after another, in app (ICS + write 1 a call + deliver):    ${fmt(perSecond(icsMs + writeMs + deliverMs))} msg/s`,
      `one after another, ${WORKER_PROCESSES} workers (ICS + write 100 a call + deliver): ${fmt(perSecond(icsMs + batchedWriteMs + scaledMs))} msg/s`,
      `end to end, live: ICS + write 100 a call while ${WORKER_PROCESSES} workers deliver: ${fmt(perSecond(liveMs))} msg/s   (target ≥ 500)`,
      `pipeline delivery / (render + raw send): ${((renderMs + rawMs) / deliverMs).toFixed(2)}× the speed`,
    ];
    console.log("\n" + lines.join("\n") + "\n");
  } finally {
    await smtp.close();
    await t.drop();
  }
}, 900_000);

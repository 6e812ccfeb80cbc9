import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer } from "#app/modules/mail/mailer.server.ts";
import { getMailboxMessage, listMailbox } from "#app/modules/mail/mailbox.server.ts";
import { redeemSignInCode } from "#app/modules/auth/sign-in.server.ts";
import { sendVolunteerSignInCode } from "#app/modules/auth/volunteer-sign-in.server.ts";
import { DEMO_VOLUNTEER_EMAIL } from "#db/seed/index.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { recipients, startSmtpServer, type TestSmtpServer } from "#tests/support/smtp.ts";
import { testServices } from "#tests/support/services.ts";

let t: TestDatabase;
let smtp: TestSmtpServer;

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
  await t.drop();
});

const ICS = [
  "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Shuxiang//test//EN", "METHOD:REQUEST",
  "BEGIN:VEVENT", "UID:shift-1@localhost", "DTSTAMP:20261125T010000Z", "DTSTART:20261126T010000Z",
  "DTEND:20261126T030000Z", "SUMMARY:Shelving", "END:VEVENT", "END:VCALENDAR",
].join("\r\n");

describe("mail over SMTP", () => {
  it("delivers text, HTML and a calendar part whose method matches", async () => {
    const mailer = createMailer({ db: t.db, smtpUrl: smtp.url, from: "书香 <no-reply@shuxiang.example>", host: "shuxiang.example" });
    const { messageId } = await mailer.send({
      to: "reader@example.com",
      subject: "测试邮件",
      text: "纯文本正文",
      html: "<p>HTML 正文</p>",
      calendar: { method: "REQUEST", content: ICS },
    });
    const mail = await smtp.waitFor((m) => m.messageId === messageId);
    expect(recipients(mail)).toEqual(["reader@example.com"]);
    expect(mail.subject).toBe("测试邮件");
    expect(mail.text?.trim()).toBe("纯文本正文");
    expect(mail.html).toContain("HTML 正文");
    expect(messageId).toMatch(/^<[0-9a-f-]{36}@shuxiang\.example>$/);
    const calendar = mail.attachments.find((a) => a.contentType === "text/calendar");
    expect(calendar?.content.toString()).toContain("UID:shift-1@localhost");
    expect(String(calendar?.contentType) + JSON.stringify(calendar?.headers ? [...calendar.headers] : [])).toContain("REQUEST");
    // Nothing is kept in the mailbox when a real server is used.
    expect(await listMailbox(t.db)).toEqual([]);
    mailer.close();
  });

  it("sends a volunteer's sign-in code in their own language, and the code works", async () => {
    const services = testServices(t, { smtpUrl: smtp.url });
    const english = await t.db.selectFrom("shuxiang.volunteers").select(["email", "name"]).where("language", "=", "en").where("status", "=", "appointed").executeTakeFirstOrThrow();

    expect(await sendVolunteerSignInCode(services, { email: DEMO_VOLUNTEER_EMAIL, ip: "127.0.0.1" })).toEqual({ ok: true });
    expect(await sendVolunteerSignInCode(services, { email: english.email.toUpperCase(), ip: "127.0.0.1" })).toEqual({ ok: true });

    const zh = await smtp.waitFor((m) => recipients(m).includes(DEMO_VOLUNTEER_EMAIL));
    const en = await smtp.waitFor((m) => recipients(m).includes(english.email));
    expect(zh.subject).toMatch(/^书香登录验证码：\d{6}$/);
    expect(zh.text).toContain("15 分钟内有效");
    expect(zh.html).toContain('lang="zh-CN"');
    expect(en.subject).toMatch(/^Your Shuxiang sign-in code: \d{6}$/);
    expect(en.text).toContain(`Hello ${english.name}`);
    // The footer says why the person gets the message, in both parts.
    expect(en.text).toContain("You are receiving this email because");

    const code = /\d{6}/.exec(zh.subject!)![0];
    const link = /http:\/\/localhost:3999\/volunteer\/sign-in\/link\/[A-Za-z0-9_-]{43}/.exec(zh.text!);
    expect(link).not.toBeNull();
    expect(zh.html).toContain(link![0]);
    expect(await redeemSignInCode(t.db, services.config.sessionSecret, { email: DEMO_VOLUNTEER_EMAIL, code })).not.toBeNull();
    services.mailer.close();
  });

  it("reports a failed delivery instead of pretending it was sent", async () => {
    const services = testServices(t, { smtpUrl: smtp.url });
    smtp.failNext(1);
    expect(await sendVolunteerSignInCode(services, { email: "volunteer03@example.com", ip: "127.0.0.2" })).toEqual({ ok: false, reason: "mail-failed" });
    services.mailer.close();
  });
});

describe("built-in mailbox (no SMTP_URL)", () => {
  it("keeps each message, with its calendar part, for the staff page", async () => {
    const mailer = createMailer({ db: t.db, from: "书香 <no-reply@shuxiang.example>", host: "localhost" });
    expect(mailer.kind).toBe("mailbox");
    const { messageId } = await mailer.send({ to: "a@example.com", subject: "邀请", text: "t", html: "<p>h</p>", calendar: { method: "CANCEL", content: ICS } });
    const [listed] = await listMailbox(t.db);
    expect(listed).toMatchObject({ to_address: "a@example.com", subject: "邀请", ical_method: "CANCEL" });
    const full = await getMailboxMessage(t.db, listed.id);
    expect(full).toMatchObject({ message_id: messageId, text_body: "t", html_body: "<p>h</p>", ical: ICS });
  });
});

// The transports: a real SMTP server on loopback, and the built-in mailbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer } from "#app/modules/mail/mailer.server.ts";
import { getMailboxMessage, listMailbox } from "#app/modules/mail/mailbox.server.ts";
import { newMessageId } from "#app/modules/notifications/outbox.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { recipients, startSmtpServer, type TestSmtpServer } from "#tests/support/smtp.ts";

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

describe("SMTP transport", () => {
  it("delivers text, HTML and a calendar part whose method matches, under the Message-ID it is given", async () => {
    const mailer = createMailer({ db: t.db, smtpUrl: smtp.url, from: "书香 <no-reply@shuxiang.example>" });
    const messageId = newMessageId("shuxiang.example");
    const { response } = await mailer.send({
      messageId,
      to: { name: "王芳", address: "reader@example.com" },
      subject: "测试邮件",
      text: "纯文本正文",
      html: "<p>HTML 正文</p>",
      calendar: { method: "REQUEST", content: ICS },
    });
    expect(response).toMatch(/^250/);
    const mail = await smtp.waitFor((m) => m.messageId === messageId);
    expect(recipients(mail)).toEqual(["reader@example.com"]);
    expect(mail.subject).toBe("测试邮件");
    expect(mail.text?.trim()).toBe("纯文本正文");
    expect(mail.html).toContain("HTML 正文");
    const calendar = mail.attachments.find((a) => a.contentType === "text/calendar");
    expect(calendar?.content.toString()).toContain("UID:shift-1@localhost");
    const contentType = calendar?.headers.get("content-type") as { params?: Record<string, string> };
    expect(contentType.params?.method).toBe("REQUEST");
    // Nothing is kept in the mailbox when a real server is used.
    expect(await listMailbox(t.db)).toEqual([]);
    mailer.close();
  });

  it("rejects with the server's answer when the server refuses", async () => {
    const mailer = createMailer({ db: t.db, smtpUrl: smtp.url, from: "书香 <no-reply@shuxiang.example>" });
    smtp.failNext(1);
    await expect(mailer.send({ messageId: newMessageId("x.example"), to: "a@example.com", subject: "s", text: "t", html: "h" })).rejects.toMatchObject({ responseCode: 451 });
    mailer.close();
  });
});

describe("built-in mailbox (no SMTP_URL)", () => {
  it("keeps each message once, with its calendar part, for the staff page", async () => {
    const mailer = createMailer({ db: t.db, from: "书香 <no-reply@shuxiang.example>" });
    expect(mailer.kind).toBe("mailbox");
    const messageId = newMessageId("localhost");
    const mail = { messageId, to: "a@example.com", subject: "邀请", text: "t", html: "<p>h</p>", calendar: { method: "CANCEL" as const, content: ICS } };
    await mailer.send(mail);
    await mailer.send(mail); // a retried attempt of the same message
    const listed = await listMailbox(t.db);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ to_address: "a@example.com", subject: "邀请", ical_method: "CANCEL" });
    const full = await getMailboxMessage(t.db, listed[0].id);
    expect(full).toMatchObject({ message_id: messageId, text_body: "t", html_body: "<p>h</p>", ical: ICS });
  });
});

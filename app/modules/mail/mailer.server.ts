// The one way mail leaves the app: SMTP when SMTP_URL is set, otherwise the built-in mailbox
// (a table that staff can read at /staff/mailbox).
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import nodemailer from "nodemailer";
import type { Database } from "#db/schema.ts";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** A calendar part; nodemailer's icalEvent, whose method must match the file's METHOD. */
  calendar?: { method: "REQUEST" | "CANCEL" | "PUBLISH"; content: string };
}

export interface Mailer {
  kind: "smtp" | "mailbox";
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

export function createMailer(options: { db: Kysely<Database>; smtpUrl?: string; from: string; host: string }): Mailer {
  const newMessageId = () => `<${crypto.randomUUID()}@${options.host}>`;

  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      kind: "smtp",
      async send(mail) {
        const messageId = newMessageId();
        await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId,
          icalEvent: mail.calendar ? { method: mail.calendar.method, content: mail.calendar.content } : undefined,
        });
        return { messageId };
      },
      close: () => transport.close(),
    };
  }

  return {
    kind: "mailbox",
    async send(mail) {
      const messageId = newMessageId();
      await options.db
        .insertInto("shuxiang.mailbox_messages")
        .values({
          message_id: messageId,
          to_address: mail.to,
          subject: mail.subject,
          text_body: mail.text,
          html_body: mail.html,
          ical: mail.calendar?.content ?? null,
          ical_method: mail.calendar?.method ?? null,
        })
        .execute();
      return { messageId };
    },
    close: () => {},
  };
}

// The transport every message leaves by: SMTP when SMTP_URL is set, otherwise the built-in mailbox
// (a table that administrators read at /staff/mailbox). Callers give the Message-ID, so a repeated
// attempt carries the same one and is recognisable downstream as the same message.
import type { Kysely } from "kysely";
import nodemailer from "nodemailer";
import type { Database } from "#db/schema.ts";

export interface OutgoingMail {
  messageId: string;
  to: string | { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** A calendar part; nodemailer's icalEvent, whose method must match the file's METHOD. */
  calendar?: { method: "REQUEST" | "CANCEL" | "PUBLISH"; content: string };
}

export interface Mailer {
  kind: "smtp" | "mailbox";
  /** Resolves with the server's answer; rejects with nodemailer's error (responseCode when the server answered). */
  send(mail: OutgoingMail): Promise<{ response: string }>;
  close(): void;
}

/** SMTP connections are pooled: a burst of invites reuses a few connections. */
function pooledUrl(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has("pool")) url.searchParams.set("pool", "true");
  if (!url.searchParams.has("maxConnections")) url.searchParams.set("maxConnections", "4");
  return url.href;
}

export function createMailer(options: { db: Kysely<Database>; smtpUrl?: string; from: string }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(pooledUrl(options.smtpUrl));
    return {
      kind: "smtp",
      async send(mail) {
        const info = await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          icalEvent: mail.calendar ? { method: mail.calendar.method, content: mail.calendar.content } : undefined,
        });
        return { response: String(info.response ?? "") };
      },
      close: () => transport.close(),
    };
  }

  return {
    kind: "mailbox",
    async send(mail) {
      await options.db
        .insertInto("shuxiang.mailbox_messages")
        .values({
          message_id: mail.messageId,
          to_address: typeof mail.to === "string" ? mail.to : mail.to.address,
          subject: mail.subject,
          text_body: mail.text,
          html_body: mail.html,
          ical: mail.calendar?.content ?? null,
          ical_method: mail.calendar?.method ?? null,
        })
        .onConflict((oc) => oc.column("message_id").doNothing())
        .execute();
      return { response: "stored in the built-in mailbox" };
    },
    close: () => {},
  };
}

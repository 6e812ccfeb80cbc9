// Writing a message: one row in shuxiang.messages plus one delivery job, both inside the caller's
// transaction, so the message exists exactly when the change that causes it commits.
import crypto from "node:crypto";
import type { Selectable, Transaction } from "kysely";
import { fromKysely, type PgBoss } from "pg-boss";
import type { TemplateData, TemplateName } from "#emails/index.ts";
import type { CalendarMethod, Database, Locale, MessageTable } from "#db/schema.ts";

export const DELIVER_QUEUE = "deliver-message";

export interface NewMessage<N extends TemplateName> {
  to: { email: string; name: string; language: Locale };
  template: N;
  data: TemplateData<N>;
  calendar?: { method: CalendarMethod; ics: string };
  /** Writing the same key twice yields one message (a retried request does not send twice). */
  idempotencyKey?: string;
}

export function newMessageId(host: string): string {
  return `<${crypto.randomUUID()}@${host}>`;
}

/** Queues a message in `trx`; returns its id (the existing one for a repeated idempotency key). */
export function queueMessage<N extends TemplateName>(
  trx: Transaction<Database>,
  boss: PgBoss,
  host: string,
  message: NewMessage<N>,
): Promise<number> {
  return writeMessage(trx, boss, host, message);
}

/** Queues a sent message again as a new one (new Message-ID), for an administrator's resend. */
export function queueCopy(trx: Transaction<Database>, boss: PgBoss, host: string, original: Selectable<MessageTable>): Promise<number> {
  return writeMessage(trx, boss, host, {
    to: { email: original.recipient_email, name: original.recipient_name, language: original.language },
    template: original.template,
    data: original.data,
    calendar: original.ical && original.ical_method ? { method: original.ical_method, ics: original.ical } : undefined,
    resentFrom: original.id,
  });
}

async function writeMessage(
  trx: Transaction<Database>,
  boss: PgBoss,
  host: string,
  message: Omit<NewMessage<TemplateName>, "template" | "data"> & { template: string; data: unknown; resentFrom?: number },
): Promise<number> {
  const inserted = await trx
    .insertInto("shuxiang.messages")
    .values({
      recipient_email: message.to.email,
      recipient_name: message.to.name,
      language: message.to.language,
      template: message.template,
      data: JSON.stringify(message.data),
      ical: message.calendar?.ics ?? null,
      ical_method: message.calendar?.method ?? null,
      message_id: newMessageId(host),
      idempotency_key: message.idempotencyKey ?? null,
      resent_from: message.resentFrom ?? null,
    })
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) {
    const existing = await trx
      .selectFrom("shuxiang.messages")
      .select("id")
      .where("idempotency_key", "=", message.idempotencyKey!)
      .executeTakeFirstOrThrow();
    return existing.id;
  }
  await enqueueDelivery(trx, boss, inserted.id);
  return inserted.id;
}

export async function enqueueDelivery(trx: Transaction<Database>, boss: PgBoss, messageId: number): Promise<void> {
  // On the embedded store a second connection would deadlock: the job goes through this transaction.
  await boss.send(DELIVER_QUEUE, { messageId }, { db: fromKysely(trx) });
}

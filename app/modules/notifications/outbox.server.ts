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
export async function queueMessage<N extends TemplateName>(
  trx: Transaction<Database>,
  boss: PgBoss,
  host: string,
  message: NewMessage<N>,
): Promise<number> {
  return (await writeMessages(trx, boss, host, [message]))[0];
}

/**
 * Queues many messages in `trx` with one INSERT and one job insert per thousand (a call for help
 * to a branch's volunteers, a cancelled event's registrations); returns their ids in order.
 */
export function queueMessages(trx: Transaction<Database>, boss: PgBoss, host: string, messages: ReadonlyArray<NewMessage<TemplateName>>): Promise<number[]> {
  return writeMessages(trx, boss, host, messages);
}

/** Queues a sent message again as a new one (new Message-ID), for an administrator's resend. */
export async function queueCopy(trx: Transaction<Database>, boss: PgBoss, host: string, original: Selectable<MessageTable>): Promise<number> {
  const [id] = await writeMessages(trx, boss, host, [
    {
      to: { email: original.recipient_email, name: original.recipient_name, language: original.language },
      template: original.template,
      data: original.data,
      calendar: original.ical && original.ical_method ? { method: original.ical_method, ics: original.ical } : undefined,
      resentFrom: original.id,
    },
  ]);
  return id;
}

type Outgoing = Omit<NewMessage<TemplateName>, "template" | "data"> & { template: string; data: unknown; resentFrom?: number };

const CHUNK = 1000; // rows per statement: well inside PostgreSQL's 65,535 parameters

async function writeMessages(trx: Transaction<Database>, boss: PgBoss, host: string, messages: ReadonlyArray<Outgoing>): Promise<number[]> {
  const ids: number[] = [];
  for (let offset = 0; offset < messages.length; offset += CHUNK) {
    const chunk = messages.slice(offset, offset + CHUNK);
    const rows = chunk.map((message) => ({
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
    }));
    const inserted = await trx
      .insertInto("shuxiang.messages")
      .values(rows)
      .onConflict((oc) => oc.column("idempotency_key").doNothing())
      .returning(["id", "message_id"])
      .execute();
    // Matched by Message-ID (unique, made here), not by position: skipped rows shift positions.
    const byMessageId = new Map(inserted.map((r) => [r.message_id, r.id]));
    const skippedKeys = rows.filter((r) => !byMessageId.has(r.message_id)).map((r) => r.idempotency_key!);
    const existing =
      skippedKeys.length === 0
        ? new Map<string, number>()
        : new Map(
            (await trx.selectFrom("shuxiang.messages").select(["id", "idempotency_key"]).where("idempotency_key", "in", skippedKeys).execute()).map((r) => [r.idempotency_key!, r.id]),
          );
    for (const row of rows) ids.push(byMessageId.get(row.message_id) ?? existing.get(row.idempotency_key!)!);
    if (inserted.length > 0) await enqueueDeliveries(trx, boss, inserted.map((r) => r.id));
  }
  return ids;
}

export async function enqueueDelivery(trx: Transaction<Database>, boss: PgBoss, messageId: number): Promise<void> {
  await enqueueDeliveries(trx, boss, [messageId]);
}

async function enqueueDeliveries(trx: Transaction<Database>, boss: PgBoss, messageIds: number[]): Promise<void> {
  // On the embedded store a second connection would deadlock: the jobs go through this transaction.
  // insert() takes the queue's retry, backoff and lease settings, as send() does, and NOTIFYs workers.
  await boss.insert(
    DELIVER_QUEUE,
    messageIds.map((messageId) => ({ data: { messageId } })),
    { db: fromKysely(trx) },
  );
}

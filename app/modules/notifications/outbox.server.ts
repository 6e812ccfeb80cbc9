// Writing a message: one row in shuxiang.messages plus one delivery job, both inside the caller's
// transaction, so the message exists exactly when the change that causes it commits. A template's
// secret fields are stored sealed, and so is the invite of a template that has them (it carries the
// same link as its URL): the row holds no working link, before sending or after (docs/decisions/0015).
import crypto from "node:crypto";
import { sql, type Selectable, type Transaction } from "kysely";
import { fromKysely, type PgBoss } from "pg-boss";
import { secretFieldsOf, type TemplateData, type TemplateName } from "#emails/index.ts";
import type { CalendarMethod, Database, Locale, MessageTable } from "#db/schema.ts";
import { outboxSealer, type Sealer } from "./sealing.server.ts";

export const DELIVER_QUEUE = "deliver-message";

export interface NewMessage<N extends TemplateName> {
  to: { email: string; name: string; language: Locale };
  template: N;
  data: TemplateData<N>;
  calendar?: { method: CalendarMethod; ics: string };
  /** Writing the same key twice yields one message (a retried request does not send twice). */
  idempotencyKey?: string;
  /** What the message is about: retention and deletion find a person's messages by it. */
  registrationId?: number;
  applicationId?: number;
}

/** What writing a message needs: the job queue, the host for Message-IDs, the server secret to seal with. */
export interface OutboxDeps {
  boss: PgBoss;
  publicUrl: URL;
  secret: string;
}

export function newMessageId(host: string): string {
  return `<${crypto.randomUUID()}@${host}>`;
}

/** Queues a message in `trx`; returns its id (the existing one for a repeated idempotency key). */
export async function queueMessage<N extends TemplateName>(trx: Transaction<Database>, deps: OutboxDeps, message: NewMessage<N>): Promise<number> {
  return (await queueMessages(trx, deps, [message]))[0];
}

/**
 * Queues many messages in `trx` with one INSERT and one job insert per thousand (a call for help
 * to a branch's volunteers, a cancelled event's registrations); returns their ids in order.
 */
export function queueMessages(trx: Transaction<Database>, deps: OutboxDeps, messages: ReadonlyArray<NewMessage<TemplateName>>): Promise<number[]> {
  const sealer = outboxSealer(deps.secret);
  return writeMessages(
    trx,
    deps.boss,
    deps.publicUrl.hostname,
    messages.map((m) => {
      const secret = secretFieldsOf(m.template).length > 0;
      return { ...m, data: sealSecretFields(sealer, m.template, m.data), calendar: m.calendar && { method: m.calendar.method, ics: secret ? sealer.seal(m.calendar.ics) : m.calendar.ics } };
    }),
  );
}

/**
 * Queues a sent message again as a new one (new Message-ID), for an administrator's resend. The
 * stored values are copied as they are: sealed ones stay sealed.
 */
export async function queueCopy(trx: Transaction<Database>, boss: PgBoss, host: string, original: Selectable<MessageTable>): Promise<number> {
  const [id] = await writeMessages(trx, boss, host, [
    {
      to: { email: original.recipient_email, name: original.recipient_name, language: original.language },
      template: original.template,
      data: original.data,
      calendar: original.ical && original.ical_method ? { method: original.ical_method, ics: original.ical } : undefined,
      registrationId: original.registration_id ?? undefined,
      applicationId: original.application_id ?? undefined,
      resentFrom: original.id,
    },
  ]);
  return id;
}

function sealSecretFields(sealer: Sealer, template: string, data: object): object {
  const sealed: Record<string, unknown> = { ...data };
  for (const field of secretFieldsOf(template)) {
    const value = sealed[field];
    if (typeof value === "string") sealed[field] = sealer.seal(value);
  }
  return sealed;
}

/** A stored message as the delivery worker sends it: secret fields and calendar file opened. */
export function openMessage<M extends { template: string; data: Record<string, unknown>; ical: string | null }>(secret: string, message: M): M {
  const sealer = outboxSealer(secret);
  const data: Record<string, unknown> = { ...message.data };
  for (const field of secretFieldsOf(message.template)) {
    const value = data[field];
    if (typeof value === "string") data[field] = sealer.open(value);
  }
  return { ...message, data, ical: message.ical && sealer.open(message.ical) };
}

/** Rows as stored: data and calendar already sealed. */
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
      registration_id: message.registrationId ?? null,
      application_id: message.applicationId ?? null,
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

/** Whose messages to anonymise: sent to an address, or about registrations or applications. */
export interface MessagesOf {
  address?: string;
  registrationIds?: readonly number[];
  applicationIds?: readonly number[];
}

/**
 * Takes the personal data out of messages (deletion on request, retention): the address, name,
 * data and calendar file go, the record that a message went stays; ones still waiting are not
 * sent; the built-in mailbox's copies go. Returns how many messages.
 */
export async function anonymiseMessages(trx: Transaction<Database>, of: MessagesOf, change: { placeholder: string; reason: string }): Promise<number> {
  const rows = await trx
    .selectFrom("shuxiang.messages")
    .select(["id", "message_id"])
    .where((eb) =>
      eb.or([
        ...(of.address ? [eb(sql<string>`lower(recipient_email)`, "=", of.address.toLowerCase())] : []),
        ...(of.registrationIds?.length ? [eb("registration_id", "in", [...of.registrationIds])] : []),
        ...(of.applicationIds?.length ? [eb("application_id", "in", [...of.applicationIds])] : []),
      ]),
    )
    .execute();
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => r.id);
  await trx.updateTable("shuxiang.messages").set({ status: "failed", last_error: change.reason }).where("id", "in", ids).where("status", "=", "queued").execute();
  await trx
    .updateTable("shuxiang.messages")
    .set({ recipient_email: change.placeholder, recipient_name: "", data: JSON.stringify({}), ical: null })
    .where("id", "in", ids)
    .execute();
  await trx.deleteFrom("shuxiang.mailbox_messages").where("message_id", "in", rows.map((r) => r.message_id)).execute();
  return rows.length;
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

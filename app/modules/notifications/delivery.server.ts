// Delivering queued messages: claim a batch with a lease (one statement), then for each message
// render it in the recipient's language and hand it to the transport with its stable Message-ID;
// the batch's sent messages are recorded in one statement, failures and retries one by one. A
// message that is sent, failed or held by another worker is never sent again from here.
import { sql, type Kysely, type Selectable } from "kysely";
import { isTemplateName, renderTemplate, secretFieldsOf } from "#emails/index.ts";
import { getFixedT } from "#app/i18n/i18n.server.ts";
import { isLocale, defaultLocale } from "#app/i18n/config.ts";
import type { Mailer } from "#app/modules/mail/mailer.server.ts";
import type { Database, MessageTable } from "#db/schema.ts";
import { openMessage } from "./outbox.server.ts";
import { classifySmtpError } from "./smtp-errors.ts";
import { unsubscribeUrl, type UnsubscribeTarget } from "#app/modules/notifications/unsubscribe.server.ts";

export type DeliveryOutcome = "sent" | "skipped" | "retry" | "failed";

export interface DeliveryDeps {
  db: Kysely<Database>;
  mailer: Mailer;
  leaseSeconds: number;
  /** For the one-click unsubscribe links, signed as each message leaves (never stored). */
  links: { secret: string; publicUrl: URL };
}

export interface DeliveryJob {
  messageId: number;
  lastAttempt: boolean;
}

/** Delivers a batch of jobs; the outcomes come back in the order of the jobs. */
export async function deliverBatch(deps: DeliveryDeps, jobs: DeliveryJob[]): Promise<DeliveryOutcome[]> {
  if (jobs.length === 0) return [];
  const ids = jobs.map((job) => job.messageId);
  const claimed = await deps.db
    .updateTable("shuxiang.messages")
    .set((eb) => ({
      status: "sending",
      attempts: eb("attempts", "+", 1),
      lease_until: sql<Date>`now() + make_interval(secs => ${deps.leaseSeconds})`,
    }))
    .where("id", "in", ids)
    .where((eb) => eb.or([eb("status", "=", "queued"), eb.and([eb("status", "=", "sending"), eb("lease_until", "<", sql<Date>`now()`)])]))
    .returningAll()
    .execute();
  const byId = new Map(claimed.map((message) => [message.id, message]));
  const others = ids.filter((id) => !byId.has(id));
  const held = new Set(
    others.length === 0
      ? []
      : (await deps.db.selectFrom("shuxiang.messages").select("id").where("id", "in", others).where("status", "=", "sending").execute()).map((r) => r.id),
  );
  const sent: SentMessage[] = [];
  const outcomes = await Promise.all(
    jobs.map((job) => {
      const message = byId.get(job.messageId);
      // Another worker holds the lease: try again after it has had its chance.
      if (!message) return held.has(job.messageId) ? "retry" : "skipped";
      byId.delete(job.messageId); // two jobs for one message in a batch: the second has nothing to do
      return deliverClaimed(deps, message, job.lastAttempt, sent);
    }),
  );
  await recordSent(deps.db, sent);
  return outcomes;
}

interface SentMessage {
  id: number;
  response: string;
  subject: string;
  sentAt: Date;
  /** Template fields to wipe now that the message has gone (sign-in codes). */
  secrets: readonly string[];
}

/**
 * The batch's sent messages recorded in one statement, once its last send has its answer. Until
 * then they stay `sending` under their lease: a worker dying in between sends them again under the
 * same Message-IDs, which receivers drop as duplicates (docs/decisions/0004).
 */
async function recordSent(db: Kysely<Database>, sent: SentMessage[]) {
  if (sent.length === 0) return;
  const rows = sent.map((m) => ({ id: m.id, response: m.response, subject: m.subject, sent_at: m.sentAt.toISOString(), secrets: m.secrets }));
  await sql`
    UPDATE shuxiang.messages m
    SET status = 'sent', sent_at = v.sent_at, smtp_response = v.response, subject = v.subject, last_error = NULL, lease_until = NULL,
      data = CASE WHEN cardinality(v.secrets) > 0 THEN m.data - v.secrets ELSE m.data END
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(id bigint, response text, subject text, sent_at timestamptz, secrets text[])
    WHERE m.id = v.id`.execute(db);
}

async function deliverClaimed(deps: DeliveryDeps, stored: Selectable<MessageTable>, lastAttempt: boolean, sent: SentMessage[]): Promise<DeliveryOutcome> {
  const messageId = stored.id;
  let message = stored;
  let rendered;
  // Calls for help and reminders name whose mail of which kind the link stops.
  const target = (message.data as { unsubscribe?: UnsubscribeTarget }).unsubscribe;
  const listUnsubscribe = target ? unsubscribeUrl(deps.links.secret, deps.links.publicUrl, target) : undefined;
  try {
    message = openMessage(deps.links.secret, stored);
    if (!isTemplateName(message.template)) throw new Error(`Unknown template ${message.template}`);
    const lang = isLocale(message.language) ? message.language : defaultLocale;
    const t = await getFixedT(lang);
    rendered = await renderTemplate(message.template, t, lang, listUnsubscribe ? { ...message.data, unsubscribeUrl: listUnsubscribe } : message.data);
    const flaw = unsendableText(rendered);
    if (flaw) throw new Error(flaw);
  } catch (error) {
    await finish(deps.db, messageId, { status: "failed", last_error: `Could not render: ${String(error)}`.slice(0, 1000) }, message.template);
    return "failed";
  }

  try {
    const { response } = await deps.mailer.send({
      messageId: message.message_id,
      to: message.recipient_name ? { name: message.recipient_name, address: message.recipient_email } : message.recipient_email,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      calendar: message.ical && message.ical_method ? { method: message.ical_method, content: message.ical } : undefined,
      unsubscribeUrl: listUnsubscribe,
    });
    sent.push({ id: messageId, response: response.slice(0, 1000), subject: recordedSubject(rendered.subject, message), sentAt: new Date(), secrets: secretFieldsOf(message.template) });
    return "sent";
  } catch (error) {
    const failure = classifySmtpError(error);
    if (failure.permanent || lastAttempt) {
      await finish(deps.db, messageId, { status: "failed", last_error: failure.detail, subject: recordedSubject(rendered.subject, message) }, message.template);
      return "failed";
    }
    await deps.db
      .updateTable("shuxiang.messages")
      .set({ status: "queued", lease_until: null, last_error: failure.detail })
      .where("id", "=", messageId)
      .execute();
    return "retry";
  }
}

/**
 * Why a rendered message cannot go out as it is, if it cannot: a NUL byte or a broken UTF-16
 * sequence would reach the recipient as garbage (or be refused by the mailbox's table). Retrying
 * renders the same bytes again, so such a message fails at once.
 */
export function unsendableText(parts: { subject: string; html: string; text: string }): string | null {
  for (const [name, value] of Object.entries(parts)) {
    if (value.includes("\u0000")) return `the ${name} contains a NUL character`;
    if (!value.isWellFormed()) return `the ${name} is not valid Unicode`;
  }
  return null;
}

/** The subject as kept for the delivery page: a secret in it (a sign-in code) is masked. */
function recordedSubject(subject: string, message: { template: string; data: Record<string, unknown> }): string {
  let kept = subject;
  for (const field of secretFieldsOf(message.template)) {
    const value = message.data[field];
    if (typeof value === "string" && value) kept = kept.split(value).join("••••••");
  }
  return kept;
}

/** Records a message's failure; secrets in its data (sign-in codes) are wiped at that point. */
async function finish(
  db: Kysely<Database>,
  messageId: number,
  values: { status: "failed"; last_error: string | null; subject?: string },
  template: string,
) {
  const secrets = secretFieldsOf(template);
  await db
    .updateTable("shuxiang.messages")
    .set({
      ...values,
      lease_until: null,
      failure_handled_at: null,
      failure_handled_by: null,
      ...(secrets.length ? { data: sql`data - ${sql.val(secrets)}::text[]` as never } : {}),
    })
    .where("id", "=", messageId)
    .execute();
}

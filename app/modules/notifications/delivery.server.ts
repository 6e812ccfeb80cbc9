// Delivering queued messages: claim a batch with a lease (one statement), then for each message
// render it in the recipient's language, hand it to the transport with its stable Message-ID and
// record the answer. A message that is sent, failed or held by another worker is never sent again
// from here.
import { sql, type Kysely, type Selectable } from "kysely";
import { isTemplateName, renderTemplate, secretFieldsOf } from "#emails/index.ts";
import { getFixedT } from "#app/i18n/i18n.server.ts";
import { isLocale, defaultLocale } from "#app/i18n/config.ts";
import type { Mailer } from "#app/modules/mail/mailer.server.ts";
import type { Database, MessageTable } from "#db/schema.ts";
import { classifySmtpError } from "./smtp-errors.ts";

export type DeliveryOutcome = "sent" | "skipped" | "retry" | "failed";

export interface DeliveryDeps {
  db: Kysely<Database>;
  mailer: Mailer;
  leaseSeconds: number;
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
  return Promise.all(
    jobs.map((job) => {
      const message = byId.get(job.messageId);
      // Another worker holds the lease: try again after it has had its chance.
      if (!message) return held.has(job.messageId) ? "retry" : "skipped";
      byId.delete(job.messageId); // two jobs for one message in a batch: the second has nothing to do
      return deliverClaimed(deps, message, job.lastAttempt);
    }),
  );
}

async function deliverClaimed(deps: DeliveryDeps, message: Selectable<MessageTable>, lastAttempt: boolean): Promise<DeliveryOutcome> {
  const messageId = message.id;
  let rendered;
  try {
    if (!isTemplateName(message.template)) throw new Error(`Unknown template ${message.template}`);
    const lang = isLocale(message.language) ? message.language : defaultLocale;
    const t = await getFixedT(lang);
    rendered = await renderTemplate(message.template, t, lang, message.data);
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
    });
    await finish(deps.db, messageId, { status: "sent", sent_at: new Date(), smtp_response: response.slice(0, 1000), subject: recordedSubject(rendered.subject, message), last_error: null }, message.template);
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

/** The subject as kept for the delivery page: a secret in it (a sign-in code) is masked. */
function recordedSubject(subject: string, message: { template: string; data: Record<string, unknown> }): string {
  let kept = subject;
  for (const field of secretFieldsOf(message.template)) {
    const value = message.data[field];
    if (typeof value === "string" && value) kept = kept.split(value).join("••••••");
  }
  return kept;
}

/** Records the end of a message; secrets in its data (sign-in codes) are wiped at that point. */
async function finish(
  db: Kysely<Database>,
  messageId: number,
  values: { status: "sent" | "failed"; last_error: string | null; sent_at?: Date; smtp_response?: string; subject?: string },
  template: string,
) {
  const secrets = secretFieldsOf(template);
  await db
    .updateTable("shuxiang.messages")
    .set({
      ...values,
      lease_until: null,
      ...(secrets.length ? { data: sql`data - ${sql.val(secrets)}::text[]` as never } : {}),
    })
    .where("id", "=", messageId)
    .execute();
}

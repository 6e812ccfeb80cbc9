// The administrators' view of the outbox, and resending.
import { sql, type Kysely } from "kysely";
import type { PgBoss } from "pg-boss";
import type { Database, MessageStatus } from "#db/schema.ts";
import { secretFieldsOf } from "#emails/index.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { can, type StaffActor } from "#app/modules/auth/policy.ts";
import { enqueueDelivery, queueCopy } from "#app/modules/notifications/outbox.server.ts";

export async function deliveryCounts(db: Kysely<Database>): Promise<Record<MessageStatus, number>> {
  const rows = await db
    .selectFrom("shuxiang.messages")
    .select(["status", sql<number>`count(*)::int`.as("n")])
    .groupBy("status")
    .execute();
  const counts = { queued: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/** Failed messages nobody has dealt with yet (resent or marked as dealt with): the staff home shows them. */
export async function openFailureCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("shuxiang.messages")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("status", "=", "failed")
    .where("failure_handled_at", "is", null)
    .executeTakeFirstOrThrow();
  return row.n;
}

type ResendRefusal = "in-progress" | "secret";

/** Why a message cannot be sent again, if it cannot: still on its way, or its secrets are wiped. */
function resendRefusal(message: { status: MessageStatus; template: string }): ResendRefusal | null {
  if (message.status === "queued" || message.status === "sending") return "in-progress";
  if (secretFieldsOf(message.template).length > 0) return "secret";
  return null;
}

/** Messages newest first; `resendable` is false where resending cannot be right. */
export async function listDeliveries(db: Kysely<Database>, filter: { status?: MessageStatus; limit?: number }) {
  let query = db
    .selectFrom("shuxiang.messages")
    .select(["id", "created_at", "recipient_email", "template", "subject", "status", "attempts", "last_error", "smtp_response", "sent_at", "ical_method", "resent_from", "failure_handled_at"])
    .orderBy("id", "desc")
    .limit(filter.limit ?? 100);
  if (filter.status) query = query.where("status", "=", filter.status);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, resendable: resendRefusal(row) === null, handleable: row.status === "failed" && row.failure_handled_at === null }));
}

export type ResendResult = { ok: true; messageId: number } | { ok: false; reason: "not-found" | "forbidden" | ResendRefusal };

/**
 * A failed message is queued again as it is (same Message-ID: it never arrived). A sent one is
 * queued again as a new message with a new Message-ID, so the recipient's system does not drop it
 * as a duplicate. Messages whose secrets were wiped (sign-in codes) cannot be sent again.
 */
export async function resendMessage(
  db: Kysely<Database>,
  boss: PgBoss,
  host: string,
  id: number,
  actor: StaffActor,
): Promise<ResendResult> {
  if (!can(actor.user, "delivery.resend")) return { ok: false, reason: "forbidden" };
  return db.transaction().execute(async (trx) => {
    const message = await trx.selectFrom("shuxiang.messages").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!message) return { ok: false as const, reason: "not-found" as const };
    const audit = (after: unknown) =>
      recordAudit(trx, { actorStaffId: actor.user.id, action: "message.resend", entityType: "message", entityId: id, before: { status: message.status }, after, requestId: actor.requestId });
    const refusal = resendRefusal(message);
    if (refusal) return { ok: false as const, reason: refusal };
    if (message.status === "failed") {
      await trx.updateTable("shuxiang.messages").set({ status: "queued", last_error: null, lease_until: null, failure_handled_at: null, failure_handled_by: null }).where("id", "=", id).execute();
      await enqueueDelivery(trx, boss, id);
      await audit({ status: "queued" });
      return { ok: true as const, messageId: id };
    }
    const copyId = await queueCopy(trx, boss, host, message);
    await audit({ copy: copyId });
    return { ok: true as const, messageId: copyId };
  });
}

export type HandleResult = { ok: true } | { ok: false; reason: "not-found" | "not-failed" | "forbidden" };

/** A failure someone dealt with another way (the address is gone, the person was phoned): off the staff home, audited. */
export async function markFailureHandled(db: Kysely<Database>, id: number, actor: StaffActor): Promise<HandleResult> {
  if (!can(actor.user, "delivery.resend")) return { ok: false, reason: "forbidden" };
  return db.transaction().execute(async (trx) => {
    const message = await trx.selectFrom("shuxiang.messages").select(["status", "failure_handled_at"]).where("id", "=", id).forUpdate().executeTakeFirst();
    if (!message) return { ok: false as const, reason: "not-found" as const };
    if (message.status !== "failed") return { ok: false as const, reason: "not-failed" as const };
    if (message.failure_handled_at !== null) return { ok: true as const };
    await trx.updateTable("shuxiang.messages").set({ failure_handled_at: new Date(), failure_handled_by: actor.user.id }).where("id", "=", id).execute();
    await recordAudit(trx, { actorStaffId: actor.user.id, action: "message.failure-handled", entityType: "message", entityId: id, before: { status: "failed" }, after: { handled: true }, requestId: actor.requestId });
    return { ok: true as const };
  });
}

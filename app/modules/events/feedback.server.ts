// Readers' feedback: after an event (through the link in the feedback request) or any time through
// the suggestion box. Staff review it weekly by status; a reply is emailed back when the person
// left an address.
import { sql } from "kysely";
import type { FeedbackKind, FeedbackStatus } from "#db/schema.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { type StaffUser, branchesFor, can } from "#app/modules/auth/policy.ts";
import { hashToken } from "#app/lib/tokens.server.ts";
import { queueMessage } from "#app/modules/notifications/outbox.server.ts";
import { transact } from "#app/lib/db.server.ts";
import { type AppDeps } from "#app/lib/deps.server.ts";
import type { FeedbackInput } from "./schemas.ts";

/** The event a feedback link points at (its token is the registration's private-link token). */
export async function feedbackContext(db: AppDeps["db"], token: string | undefined) {
  if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return db
    .selectFrom("shuxiang.registrations as g")
    .innerJoin("shuxiang.events as ev", "ev.id", "g.event_id")
    .select(["g.id as registration_id", "g.name", "g.email", "ev.id as event_id", "ev.title_zh", "ev.title_en", "ev.branch_code", "ev.starts_at"])
    .where("g.token_hash", "=", hashToken(token))
    .where("g.anonymised_at", "is", null)
    .executeTakeFirst();
}

export async function submitFeedback(deps: AppDeps, input: FeedbackInput): Promise<{ ok: true; id: number } | { ok: false; errors: Record<string, string> }> {
  const context = await feedbackContext(deps.db, input.event);
  if (input.event && !context) return { ok: false, errors: { form: "events.errors.linkInvalid" } };
  const branch = context?.branch_code ?? input.branch ?? null;
  if (branch && !context) {
    const known = await deps.db.selectFrom("library.branches").select("code").where("code", "=", branch).executeTakeFirst();
    if (!known) return { ok: false, errors: { branch: "shifts.errors.branch" } };
  }
  const row = await deps.db
    .insertInto("shuxiang.feedback")
    .values({
      event_id: context?.event_id ?? null,
      registration_id: context?.registration_id ?? null,
      branch_code: branch,
      kind: input.kind,
      rating: input.rating ?? null,
      body: input.body,
      contact_name: input.contactName ?? context?.name ?? null,
      contact_email: input.contactEmail ?? context?.email ?? null,
      language: input.language,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { ok: true, id: row.id };
}

export interface FeedbackFilters {
  status?: FeedbackStatus;
  kind?: FeedbackKind;
}

/** The review list: a coordinator's branches plus what names no branch; administrators all. */
export async function listFeedback(db: AppDeps["db"], user: StaffUser, filters: FeedbackFilters) {
  let query = db
    .selectFrom("shuxiang.feedback as f")
    .leftJoin("shuxiang.events as ev", "ev.id", "f.event_id")
    .leftJoin("library.branches as br", "br.code", "f.branch_code")
    .select([
      "f.id", "f.kind", "f.rating", "f.body", "f.contact_name", "f.contact_email", "f.status", "f.reply", "f.replied_at", "f.created_at", "f.branch_code",
      "ev.title_zh as event_zh", "ev.title_en as event_en", "br.name_zh as branch_zh", "br.name_en as branch_en", "br.timezone",
    ])
    .orderBy("f.created_at", "desc")
    .limit(300);
  // Feedback about no branch in particular is every coordinator's to read.
  const scope = branchesFor(user, "feedback.answer");
  if (scope !== "all") query = query.where((eb) => eb.or([eb("f.branch_code", "is", null), eb("f.branch_code", "in", scope.length ? scope : ["-"])]));
  if (filters.status) query = query.where("f.status", "=", filters.status);
  if (filters.kind) query = query.where("f.kind", "=", filters.kind);
  const [rows, counts] = await Promise.all([query.execute(), feedbackCounts(db, user)]);
  return { rows, counts };
}

/** Feedback by status and kind within the user's branches (with what names no branch). */
export async function feedbackCounts(db: AppDeps["db"], user: StaffUser) {
  const scope = branchesFor(user, "feedback.answer");
  const counts = await sql<{ status: FeedbackStatus; kind: FeedbackKind; n: number }>`
    SELECT status, kind, count(*)::int AS n FROM shuxiang.feedback
    WHERE ${scope === "all" ? sql`true` : sql`(branch_code IS NULL OR branch_code = ANY(${scope}))`}
    GROUP BY status, kind`.execute(db);
  return counts.rows;
}

/** Replies (emailed when there is an address) or closes an item; audited. */
type AnswerResult = { ok: true } | { ok: false; errors: Record<string, string>; status?: 403 | 404 };

export async function answerFeedback(deps: AppDeps, user: StaffUser, id: number, intent: "reply" | "close", reply: string | undefined, requestId?: string | null): Promise<AnswerResult> {
  if (!can(user, "feedback.answer")) return { ok: false, errors: { form: "events.errors.forbidden" }, status: 403 };
  return transact(deps.db, async (trx): Promise<AnswerResult> => {
    const f = await trx.selectFrom("shuxiang.feedback").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!f) return { ok: false, errors: { form: "events.errors.notFound" }, status: 404 };
    if (f.branch_code && !can(user, "feedback.answer", f.branch_code)) return { ok: false, errors: { form: "events.errors.forbidden" }, status: 403 };
    if (intent === "reply") {
      if (!reply) return { ok: false, errors: { reply: "validation.required" } };
      await trx.updateTable("shuxiang.feedback").set({ status: "answered", reply, replied_by: user.id, replied_at: new Date() }).where("id", "=", id).execute();
      if (f.contact_email) {
        await queueMessage(trx, deps, {
          to: { email: f.contact_email, name: f.contact_name ?? f.contact_email, language: f.language },
          template: "feedback-reply",
          data: { name: f.contact_name ?? "", original: f.body, reply },
          idempotencyKey: `feedback-reply:${id}:${reply.length}:${f.replied_at ? new Date(f.replied_at).getTime() : 0}`,
        });
      }
    } else {
      await trx.updateTable("shuxiang.feedback").set({ status: "closed" }).where("id", "=", id).execute();
    }
    await recordAudit(trx, {
      actorStaffId: user.id,
      action: `feedback.${intent}`,
      entityType: "feedback",
      entityId: id,
      branchCode: f.branch_code,
      before: { status: f.status },
      after: { status: intent === "reply" ? "answered" : "closed", reply: reply ?? null },
      requestId,
    });
    return { ok: true };
  });
}

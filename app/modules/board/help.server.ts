// "Ask for help": a short-staffed shift emails the branch's volunteers who could take it (the
// eligibility rule of shifts/eligibility.server.ts, and not already on it) a link to book. At most once per
// shift per 12 hours; audited. Volunteers who stopped calls for help (on their profile or by a
// message's unsubscribe link) are not asked.
import { sql, type Kysely } from "kysely";
import type { Database, Locale } from "#db/schema.ts";
import type { ShiftMessageData } from "#emails/shift.tsx";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { queueMessages } from "#app/modules/notifications/outbox.server.ts";
import { transact } from "#app/lib/db.server.ts";
import type { AppDeps } from "#app/lib/deps.server.ts";
import { can, type StaffActor } from "#app/modules/auth/policy.ts";
import { eligibleFreeVolunteers } from "#app/modules/shifts/eligibility.server.ts";
import { previewMessage, shiftForMessage, type MessageShift } from "#app/modules/shifts/messages.server.ts";
import { shiftMessagePart } from "#app/modules/shifts/notify.server.ts";

export const HELP_INTERVAL_HOURS = 12;

export type HelpResult =
  | { ok: true; recipients: number }
  | { ok: false; reason: "not-found" | "not-short" | "started" | "too-soon" | "nobody" | "forbidden"; nextAt?: Date };

/** Why a shift cannot be asked for now (null: it can), from its row and its last call for help. */
async function refusal(db: Kysely<Database>, shift: MessageShift | undefined, shiftId: number, now: Date): Promise<Extract<HelpResult, { ok: false }> | null> {
  if (!shift || shift.status !== "scheduled") return { ok: false, reason: "not-found" };
  if (new Date(shift.starts_at) <= now) return { ok: false, reason: "started" };
  if (shift.booked >= shift.min_needed) return { ok: false, reason: "not-short" };
  const last = await db.selectFrom("shuxiang.help_requests").select("requested_at").where("shift_id", "=", shiftId).orderBy("requested_at", "desc").executeTakeFirst();
  const nextAt = last ? new Date(new Date(last.requested_at).getTime() + HELP_INTERVAL_HOURS * 3600_000) : null;
  if (nextAt && nextAt > now) return { ok: false, reason: "too-soon", nextAt };
  return null;
}

function helpData(deps: Pick<AppDeps, "publicUrl">, shift: MessageShift, volunteerId: number, name: string, note: string): ShiftMessageData {
  const url = new URL(`/volunteer/shifts?branch=${shift.branch_code}&from=${shift.local_date}&to=${shift.local_date}#shift-${shift.id}`, deps.publicUrl).href;
  return { name, ...shiftMessagePart(shift), needed: shift.min_needed - shift.booked, note, url, unsubscribe: { kind: "help", volunteerId } };
}

/** What "ask for help" would do now: whom it emails and what the first of them reads (or why it cannot). */
export async function helpPreview(deps: Pick<AppDeps, "db" | "publicUrl">, shiftId: number, note: string, lang: Locale, now: Date = new Date()) {
  const shift = await shiftForMessage(deps.db, shiftId);
  if (!shift) return null;
  const refused = await refusal(deps.db, shift, shiftId, now);
  const recipients = refused ? [] : await eligibleFreeVolunteers(deps.db, shift, { branchOnly: true, wantingCallsForHelp: true, now });
  const first = recipients[0];
  const message = await previewMessage("call-for-help", lang, { ...helpData(deps, shift, first?.id ?? 0, first?.name ?? "…", note), unsubscribe: undefined });
  return { shift, recipients, message, refused: refused ?? (recipients.length === 0 ? ({ ok: false, reason: "nobody" } as Extract<HelpResult, { ok: false }>) : null) };
}

export async function askForHelp(deps: AppDeps, actor: StaffActor, shiftId: number, now: Date = new Date(), note = ""): Promise<HelpResult> {
  return transact(deps.db, async (trx) => {
    // The shift's row lock makes two coordinators pressing at once send one round of emails.
    const shift = await shiftForMessage(trx, shiftId, true);
    if (shift && !can(actor.user, "shift.askForHelp", shift.branch_code)) return { ok: false, reason: "forbidden" };
    const refused = await refusal(trx, shift, shiftId, now);
    if (refused || !shift) return refused ?? { ok: false, reason: "not-found" };
    const recipients = { rows: await eligibleFreeVolunteers(trx, shift, { branchOnly: true, wantingCallsForHelp: true, now }) };
    if (recipients.rows.length === 0) return { ok: false, reason: "nobody" };

    const request = await trx
      .insertInto("shuxiang.help_requests")
      .values({ shift_id: shiftId, requested_by: actor.user.id, requested_at: now, recipients: recipients.rows.length })
      .returning("id")
      .executeTakeFirstOrThrow();
    // One statement for all of them: a branch can have hundreds of volunteers who could help.
    await queueMessages(
      trx,
      deps,
      recipients.rows.map((v) => ({ to: { email: v.email, name: v.name, language: v.language }, template: "call-for-help" as const, data: helpData(deps, shift, v.id, v.name, note), idempotencyKey: `help:${request.id}:${v.id}` })),
    );
    await recordAudit(trx, {
      actorStaffId: actor.user.id,
      action: "shift.ask-for-help",
      entityType: "shift",
      entityId: shiftId,
      branchCode: shift.branch_code,
      after: { recipients: recipients.rows.length, volunteers: recipients.rows.map((v) => v.id), needed: shift.min_needed - shift.booked, note },
      requestId: actor.requestId,
    });
    return { ok: true, recipients: recipients.rows.length };
  });
}

/**
 * Short-staffed shifts from now to the end of the `days`th day ahead in each branch's zone (the
 * board's alerts list and the staff home's count), with their last call for help.
 */
export async function shortStaffed(deps: Pick<AppDeps, "db">, branchCodes: readonly string[], now: Date = new Date(), days = 7) {
  if (branchCodes.length === 0) return [];
  const rows = await sql<{
    id: number;
    branch_code: string;
    branch_zh: string;
    branch_en: string;
    role_zh: string;
    role_en: string;
    starts_at: Date;
    ends_at: Date;
    timezone: string;
    booked: number;
    min_needed: number;
    capacity: number;
    last_help: Date | null;
  }>`
    SELECT s.id, s.branch_code, br.name_zh AS branch_zh, br.name_en AS branch_en, r.name_zh AS role_zh, r.name_en AS role_en,
      s.starts_at, s.ends_at, br.timezone, s.booked, s.min_needed, s.capacity,
      (SELECT max(h.requested_at) FROM shuxiang.help_requests h WHERE h.shift_id = s.id) AS last_help
    FROM shuxiang.shifts s
    JOIN library.branches br ON br.code = s.branch_code
    JOIN shuxiang.roles r ON r.id = s.role_id
    WHERE s.status = 'scheduled' AND s.booked < s.min_needed
      AND s.branch_code = ANY(${[...branchCodes]}::text[])
      AND s.starts_at > ${now} AND s.local_date <= (${now}::timestamptz AT TIME ZONE br.timezone)::date + ${days}::int
    ORDER BY s.starts_at`.execute(deps.db);
  return rows.rows.map((r) => ({
    ...r,
    canAsk: !r.last_help || new Date(r.last_help).getTime() + HELP_INTERVAL_HOURS * 3600_000 <= now.getTime(),
  }));
}

// Staff write to people about one shift: "message the people booked" (the shift's details and an
// optional note from the coordinator) — and the shared parts of "ask for help": the shift as a
// message shows it, and a preview of what the recipients will read (docs/decisions/0026). Sent
// through the outbox, audited.
import { sql, type Kysely } from "kysely";
import type { Database, Locale } from "#db/schema.ts";
import { renderTemplate, type TemplateName } from "#emails/index.ts";
import type { ShiftMessageData } from "#emails/shift.tsx";
import { getFixedT } from "#app/i18n/i18n.server.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { queueMessages } from "#app/modules/notifications/outbox.server.ts";
import { transact } from "#app/lib/db.server.ts";
import type { AppDeps } from "#app/lib/deps.server.ts";
import type { StaffActor } from "#app/modules/auth/policy.ts";
import { shiftMessagePart } from "./notify.server.ts";

export interface MessageShift {
  id: number;
  branch_code: string;
  role_id: number;
  starts_at: Date;
  ends_at: Date;
  local_date: string;
  status: string;
  booked: number;
  min_needed: number;
  capacity: number;
  notes: string;
  timezone: string;
  role_zh: string;
  role_en: string;
  branch_zh: string;
  branch_en: string;
  address_zh: string;
  address_en: string;
  room_zh: string | null;
  room_en: string | null;
}

/** A shift with what its messages show; `lock` takes its row lock (inside a transaction). */
export async function shiftForMessage(db: Kysely<Database>, shiftId: number, lock = false): Promise<MessageShift | undefined> {
  const result = await sql<MessageShift>`
    SELECT s.id, s.branch_code, s.role_id, s.starts_at, s.ends_at, s.local_date::text AS local_date, s.status, s.booked, s.min_needed, s.capacity, s.notes,
      br.timezone, r.name_zh AS role_zh, r.name_en AS role_en, br.name_zh AS branch_zh, br.name_en AS branch_en,
      br.address_zh, br.address_en, rm.name_zh AS room_zh, rm.name_en AS room_en
    FROM shuxiang.shifts s
    JOIN library.branches br ON br.code = s.branch_code
    JOIN shuxiang.roles r ON r.id = s.role_id
    LEFT JOIN shuxiang.rooms rm ON rm.id = s.room_id
    WHERE s.id = ${shiftId}
    ${lock ? sql`FOR UPDATE OF s` : sql``}`.execute(db);
  return result.rows[0];
}

export interface Recipient {
  id: number;
  name: string;
  email: string;
  language: Locale;
}

/** What a recipient will read, in the reader's language: subject and the plain-text part. */
export async function previewMessage(template: TemplateName, lang: Locale, data: unknown): Promise<{ subject: string; text: string }> {
  const rendered = await renderTemplate(template, await getFixedT(lang), lang, data);
  return { subject: rendered.subject, text: rendered.text };
}

/** The people booked on a shift (confirmed), who a message to "the people booked" reaches. */
export function bookedRecipients(db: Kysely<Database>, shiftId: number): Promise<Recipient[]> {
  return db
    .selectFrom("shuxiang.bookings as b")
    .innerJoin("shuxiang.volunteers as v", "v.id", "b.volunteer_id")
    .select(["v.id", "v.name", "v.email", "v.language"])
    .where("b.shift_id", "=", shiftId)
    .where("b.status", "=", "confirmed")
    .where("v.anonymised_at", "is", null)
    .orderBy("v.name")
    .execute();
}

function bookedMessageData(deps: Pick<AppDeps, "publicUrl">, shift: MessageShift, name: string, note: string): ShiftMessageData & { note: string } {
  return { name, ...shiftMessagePart(shift), note, url: new URL("/volunteer/schedule", deps.publicUrl).href };
}

export type MessageResult = { ok: true; recipients: number } | { ok: false; reason: "not-found" | "ended" | "nobody" };

/** The preview of "message the people booked": who, and what the first of them will read. */
export async function previewBookedMessage(deps: Pick<AppDeps, "db" | "publicUrl">, shiftId: number, note: string, lang: Locale) {
  const shift = await shiftForMessage(deps.db, shiftId);
  if (!shift) return null;
  const recipients = await bookedRecipients(deps.db, shiftId);
  const message = await previewMessage("shift-message", lang, bookedMessageData(deps, shift, recipients[0]?.name ?? "…", note));
  return { shift, recipients, message };
}

/** Emails everyone booked on the shift its details and the note, through the outbox; audited. */
export async function messageBooked(deps: AppDeps, actor: StaffActor, shiftId: number, note: string, now: Date = new Date()): Promise<MessageResult> {
  return transact(deps.db, async (trx): Promise<MessageResult> => {
    const shift = await shiftForMessage(trx, shiftId, true);
    if (!shift || shift.status !== "scheduled") return { ok: false, reason: "not-found" };
    if (new Date(shift.ends_at) <= now) return { ok: false, reason: "ended" };
    const recipients = await bookedRecipients(trx, shiftId);
    if (recipients.length === 0) return { ok: false, reason: "nobody" };
    await queueMessages(
      trx,
      deps,
      recipients.map((v) => ({ to: { email: v.email, name: v.name, language: v.language }, template: "shift-message" as const, data: bookedMessageData(deps, shift, v.name, note) })),
    );
    await recordAudit(trx, {
      actorStaffId: actor.user.id,
      action: "shift.message-booked",
      entityType: "shift",
      entityId: shiftId,
      branchCode: shift.branch_code,
      after: { recipients: recipients.map((v) => v.id), note },
      requestId: actor.requestId,
    });
    return { ok: true, recipients: recipients.length };
  });
}

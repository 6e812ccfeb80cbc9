// The audit trail of staff actions: who, what, when, before and after. Written in the same
// transaction as the change; never edited or deleted by the app.
import type { Transaction } from "kysely";
import type { Database } from "#db/schema.ts";

export interface AuditEntry {
  /** Null when nobody signed in did it (a lock after failed sign-ins). */
  actorStaffId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  branchCode?: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
}

export async function recordAudit(trx: Transaction<Database>, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto("shuxiang.audit_log")
    .values({
      actor_staff_id: entry.actorStaffId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: String(entry.entityId),
      branch_code: entry.branchCode ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      request_id: entry.requestId ?? null,
    })
    .execute();
}

// Per-branch settings (ours, beside the shared branch table). A branch without a row gets the
// defaults: cut-off 24 h, reminders 24 h before, no second reminder, no late cancellation.
import type { Kysely } from "kysely";
import type { Database } from "#db/schema.ts";

export interface BranchSettings {
  branchCode: string;
  deskEmail: string | null;
  deskPhone: string | null;
  bookingCutoffHours: number;
  allowLateCancellation: boolean;
  reminderHours: number;
  secondReminderHours: number | null;
}

export const DEFAULT_SETTINGS = {
  deskEmail: null,
  deskPhone: null,
  bookingCutoffHours: 24,
  allowLateCancellation: false,
  reminderHours: 24,
  secondReminderHours: null,
} as const;

export async function getBranchSettings(db: Kysely<Database>, branchCode: string): Promise<BranchSettings> {
  const row = await db.selectFrom("shuxiang.branch_settings").selectAll().where("branch_code", "=", branchCode).executeTakeFirst();
  if (!row) return { branchCode, ...DEFAULT_SETTINGS };
  return {
    branchCode,
    deskEmail: row.desk_email,
    deskPhone: row.desk_phone,
    bookingCutoffHours: row.booking_cutoff_hours,
    allowLateCancellation: row.allow_late_cancellation,
    reminderHours: row.reminder_hours,
    secondReminderHours: row.second_reminder_hours,
  };
}

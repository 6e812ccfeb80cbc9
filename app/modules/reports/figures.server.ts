// Figures from the library's other systems, entered per branch and month on a small form or
// imported from CSV (branch,month,cards_issued,visits,loans,donated_books). A whole import is
// checked first and written in one transaction: one bad line changes nothing.
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { code, wholeNumber } from "#app/lib/input.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { can, type StaffUser } from "#app/modules/auth/policy.ts";
import { transact } from "#app/lib/db.server.ts";
import { type AppDeps } from "#app/lib/deps.server.ts";

const amount = (max: number) => wholeNumber(0, max);

export const figuresSchema = z.object({
  branch: code(),
  month: z.string({ required_error: "validation.required" }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, "reports.errors.month"),
  cards_issued: amount(10_000_000),
  visits: amount(100_000_000),
  loans: amount(100_000_000),
  donated_books: amount(10_000_000),
});
export type FiguresInput = z.infer<typeof figuresSchema>;

export type FiguresResult = { ok: true; saved: number } | { ok: false; errors: Record<string, string>; line?: number; status?: 403 };

async function save(deps: AppDeps, user: StaffUser, rows: FiguresInput[], requestId?: string | null): Promise<FiguresResult> {
  if (!can(user, "report.figures")) return { ok: false, errors: { form: "reports.errors.forbidden" }, status: 403 };
  const known = new Set((await deps.db.selectFrom("library.branches").select("code").execute()).map((b) => b.code));
  for (const [i, r] of rows.entries()) {
    if (!known.has(r.branch)) return { ok: false, errors: { branch: "shifts.errors.branch" }, line: i + 1 };
    if (!can(user, "report.figures", r.branch)) return { ok: false, errors: { branch: "reports.errors.forbidden" }, line: i + 1, status: 403 };
  }
  return transact(deps.db, async (trx) => {
    for (const r of rows) {
      const values = { cards_issued: r.cards_issued, visits: r.visits, loans: r.loans, donated_books: r.donated_books, updated_by: user.id, updated_at: new Date() };
      const before = await trx.selectFrom("shuxiang.branch_figures").selectAll().where("branch_code", "=", r.branch).where("month", "=", `${r.month}-01`).forUpdate().executeTakeFirst();
      await trx
        .insertInto("shuxiang.branch_figures")
        .values({ branch_code: r.branch, month: `${r.month}-01`, ...values })
        .onConflict((oc) => oc.columns(["branch_code", "month"]).doUpdateSet(values))
        .execute();
      await recordAudit(trx, {
        actorStaffId: user.id,
        action: "figures.save",
        entityType: "branch_figures",
        entityId: `${r.branch}:${r.month}`,
        branchCode: r.branch,
        before: before ? { cards_issued: before.cards_issued, visits: before.visits, loans: before.loans, donated_books: before.donated_books } : null,
        after: { cards_issued: r.cards_issued, visits: r.visits, loans: r.loans, donated_books: r.donated_books },
        requestId,
      });
    }
    return { ok: true, saved: rows.length };
  });
}

export function saveFigures(deps: AppDeps, user: StaffUser, input: FiguresInput, requestId?: string | null): Promise<FiguresResult> {
  return save(deps, user, [input], requestId);
}

const MAX_IMPORT_LINES = 2000;

/** Imports CSV text (a header line, then one branch and month per line). */
export async function importFigures(deps: AppDeps, user: StaffUser, csv: string, requestId?: string | null): Promise<FiguresResult> {
  let records: Record<string, string>[];
  try {
    records = parse(csv.replace(/^\uFEFF/, ""), { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, to: MAX_IMPORT_LINES + 1 });
  } catch {
    return { ok: false, errors: { csv: "reports.errors.csvUnreadable" } };
  }
  if (records.length === 0) return { ok: false, errors: { csv: "reports.errors.csvEmpty" } };
  if (records.length > MAX_IMPORT_LINES) return { ok: false, errors: { csv: `reports.errors.csvTooLong:${MAX_IMPORT_LINES}` } };
  const rows: FiguresInput[] = [];
  for (const [i, record] of records.entries()) {
    const parsed = figuresSchema.safeParse(record);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, errors: { csv: "reports.errors.csvLine", field: String(issue.path[0]), message: issue.message }, line: i + 2 };
    }
    rows.push(parsed.data);
  }
  const result = await save(deps, user, rows, requestId);
  return !result.ok && result.line ? { ...result, errors: { csv: "reports.errors.csvLine", field: "branch", message: result.errors.branch ?? "" }, line: result.line + 1 } : result;
}

/** What has been entered for the branches in the months shown. */
export async function listFigures(db: AppDeps["db"], branches: string[], months: string[]) {
  if (branches.length === 0 || months.length === 0) return [];
  return db.selectFrom("shuxiang.branch_figures").selectAll().where("branch_code", "in", branches).where("month", "in", months).execute();
}

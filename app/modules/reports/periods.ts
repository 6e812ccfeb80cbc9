// Report periods as local dates (the branch's calendar): a month, a quarter, a year, or custom
// dates. Everything the reports count is placed by its local date, so an event at 23:30 on
// 31 March belongs to March whatever the server's zone.
import { z } from "zod";
import { calendarDate, code } from "#app/lib/input.ts";
import { parseLocalDate } from "#app/lib/wall-time.ts";

export const PERIOD_KINDS = ["month", "quarter", "year", "custom"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
  /** For the form and the file names: "2026-03", "2026-Q1", "2026", "2026-03-01_2026-03-15". */
  key: string;
}

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export const periodSchema = z.object({
  period: z.enum(PERIOD_KINDS).default("month"),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "reports.errors.month").optional(),
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/, "reports.errors.quarter").optional(),
  year: z.string().regex(/^\d{4}$/, "reports.errors.year").optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  branch: code().optional(),
});

/** The period a form asks for; `today` (YYYY-MM-DD, local) fills what is missing. */
export function resolvePeriod(input: z.infer<typeof periodSchema>, today: string): { ok: true; period: Period } | { ok: false; field: string; message: string } {
  const [ty, tm] = today.split("-").map(Number);
  switch (input.period) {
    case "year": {
      const y = Number(input.year ?? ty);
      if (y < 2000 || y > 2100) return { ok: false, field: "year", message: "reports.errors.year" };
      return { ok: true, period: { kind: "year", from: `${y}-01-01`, to: `${y}-12-31`, key: String(y) } };
    }
    case "quarter": {
      const [y, q] = input.quarter ? [Number(input.quarter.slice(0, 4)), Number(input.quarter.slice(6))] : [ty, Math.ceil(tm / 3)];
      const first = (q - 1) * 3 + 1;
      return { ok: true, period: { kind: "quarter", from: `${y}-${pad(first)}-01`, to: `${y}-${pad(first + 2)}-${lastDay(y, first + 2)}`, key: `${y}-Q${q}` } };
    }
    case "custom": {
      if (!input.from || !parseLocalDate(input.from)) return { ok: false, field: "from", message: "validation.date" };
      if (!input.to || !parseLocalDate(input.to)) return { ok: false, field: "to", message: "validation.date" };
      if (input.to < input.from) return { ok: false, field: "to", message: "reports.errors.order" };
      const days = (Date.parse(`${input.to}T00:00:00Z`) - Date.parse(`${input.from}T00:00:00Z`)) / 86400_000;
      if (days > 3 * 366) return { ok: false, field: "to", message: "reports.errors.tooLong" };
      return { ok: true, period: { kind: "custom", from: input.from, to: input.to, key: `${input.from}_${input.to}` } };
    }
    default: {
      const [y, m] = input.month ? input.month.split("-").map(Number) : [ty, tm];
      return { ok: true, period: { kind: "month", from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${lastDay(y, m)}`, key: `${y}-${pad(m)}` } };
    }
  }
}

/** The first days of the months a period touches ("2026-01-01", …). */
export function monthsOf(period: Pick<Period, "from" | "to">): string[] {
  const months: string[] = [];
  let [y, m] = period.from.split("-").map(Number);
  const [ey, em] = period.to.split("-").map(Number);
  while (y < ey || (y === ey && m <= em)) {
    months.push(`${y}-${pad(m)}-01`);
    m++;
    if (m === 13) {
      y++;
      m = 1;
    }
  }
  return months;
}

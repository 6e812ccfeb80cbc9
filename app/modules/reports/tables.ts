// The report as tables: the page shows them (each with a chart of one column) and every one
// downloads as CSV. One definition, so the page and the files never disagree. Pure: it takes the
// translation function and the report's figures.
import type { TFunction } from "i18next";
import { formatHours } from "#app/lib/time.ts";

export type Cell = string | number;
export interface ReportTable {
  id: string;
  section: "events" | "volunteers" | "shifts" | "feedback" | "library";
  title: string;
  columns: string[];
  rows: Cell[][];
  /** The chart drawn above the table: label column and value column. */
  chart?: { label: number; value: number; skipLast?: boolean };
}

/** The shape buildReport returns, as the page receives it (JSON). */
export interface ReportData {
  events: {
    byKind: Array<{ key: string; held: number; planned: number; attendance: number; capacity: number; registered: number; fillRate: number | null }>;
    byAudience: Array<{ key: string; held: number; planned: number; attendance: number; capacity: number; registered: number; fillRate: number | null }>;
    totals: { held: number; planned: number; attendance: number; capacity: number; registered: number; fillRate: number | null; noShowRate: number | null; noShows: number };
    waitlist: { waited: number; promoted: number; conversion: number | null };
    studyTours: { groups: number; headCount: number };
  };
  volunteers: {
    appointedAtEnd: number; newApplications: number; appointments: number; sessions: number; minutes: number; activeVolunteers: number; noShows: number;
    byRoleBranch: Array<{ branch_code: string; branch_zh: string; branch_en: string; role_zh: string | null; role_en: string | null; sessions: number; minutes: number }>;
    top: Array<{ name: string; volunteer_number: string | null; sessions: number; minutes: number }>;
  };
  shifts: {
    byBranch: Array<{ name_zh: string; name_en: string; planned: number; filled: number; short: number; cancelled: number; fillRate: number | null }>;
    byRole: Array<{ name_zh: string; name_en: string; planned: number; filled: number; short: number; cancelled: number; fillRate: number | null }>;
    totals: { planned: number; filled: number; short: number; cancelled: number; fillRate: number | null };
  };
  feedback: Array<{ kind: string; received: number; answeredInWeek: number; answeredRate: number | null }>;
  library: {
    byBranch: Array<{ name_zh: string; name_en: string; cards_issued: number; visits: number; loans: number; donated_books: number }>;
    totals: { cards_issued: number; visits: number; loans: number; donated_books: number };
  };
}

export function percent(value: number | null): string {
  return value === null ? "—" : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

export function reportTables(r: ReportData, t: TFunction, lang: string, options: { includeTop: boolean }): ReportTable[] {
  const en = lang === "en";
  const name = (row: { name_zh: string; name_en: string }) => (en ? row.name_en : row.name_zh);
  const c = (key: string) => t(`reports.col.${key}`);
  const eventRows = (rows: ReportData["events"]["byKind"], label: (k: string) => string) =>
    rows.map((x) => [label(x.key), x.held, x.attendance, x.planned, x.registered, x.capacity, percent(x.fillRate)]);
  const eventColumns = [c("held"), c("attendance"), c("planned"), c("registered"), c("capacity"), c("fillRate")];
  const e = r.events;
  const v = r.volunteers;
  const tables: ReportTable[] = [
    {
      id: "events-summary", section: "events", title: t("reports.tables.eventsSummary"), columns: [c("figure"), c("value")],
      rows: [
        [t("reports.fig.eventsHeld"), e.totals.held],
        [t("reports.fig.eventsPlanned"), e.totals.planned],
        [t("reports.fig.attendance"), e.totals.attendance],
        [t("reports.fig.fillRate"), percent(e.totals.fillRate)],
        [t("reports.fig.noShowRate"), percent(e.totals.noShowRate)],
        [t("reports.fig.waitlistConversion"), `${percent(e.waitlist.conversion)} (${e.waitlist.promoted}/${e.waitlist.waited})`],
        [t("reports.fig.studyTourGroups"), e.studyTours.groups],
        [t("reports.fig.studyTourHeadCount"), e.studyTours.headCount],
      ],
    },
    { id: "events-by-kind", section: "events", title: t("reports.tables.eventsByKind"), columns: [c("kind"), ...eventColumns], rows: eventRows(e.byKind, (k) => t(`events.kinds.${k}`)), chart: { label: 0, value: 2 } },
    { id: "events-by-audience", section: "events", title: t("reports.tables.eventsByAudience"), columns: [c("audience"), ...eventColumns], rows: eventRows(e.byAudience, (k) => t(`events.audiences.${k}`)), chart: { label: 0, value: 2 } },
    {
      id: "volunteers-summary", section: "volunteers", title: t("reports.tables.volunteersSummary"), columns: [c("figure"), c("value")],
      rows: [
        [t("reports.fig.appointedAtEnd"), v.appointedAtEnd],
        [t("reports.fig.newApplications"), v.newApplications],
        [t("reports.fig.appointments"), v.appointments],
        [t("reports.fig.activeVolunteers"), v.activeVolunteers],
        [t("reports.fig.sessions"), v.sessions],
        [t("reports.fig.hours"), formatHours(v.minutes)],
        [t("reports.fig.volunteerNoShows"), v.noShows],
      ],
    },
    {
      id: "hours-by-role-branch", section: "volunteers", title: t("reports.tables.hoursByRoleBranch"), columns: [c("branch"), c("role"), c("sessions"), c("hours")],
      rows: v.byRoleBranch.map((x) => [en ? x.branch_en : x.branch_zh, (en ? x.role_en : x.role_zh) ?? t("reports.unscheduledService"), x.sessions, formatHours(x.minutes)]),
    },
    {
      id: "shifts-by-branch", section: "shifts", title: t("reports.tables.shiftsByBranch"), columns: [c("branch"), c("planned"), c("filled"), c("short"), c("cancelled"), c("fillRate")],
      rows: r.shifts.byBranch.map((x) => [name(x), x.planned, x.filled, x.short, x.cancelled, percent(x.fillRate)]), chart: { label: 0, value: 1 },
    },
    {
      id: "shifts-by-role", section: "shifts", title: t("reports.tables.shiftsByRole"), columns: [c("role"), c("planned"), c("filled"), c("short"), c("cancelled"), c("fillRate")],
      rows: r.shifts.byRole.map((x) => [name(x), x.planned, x.filled, x.short, x.cancelled, percent(x.fillRate)]),
    },
    {
      id: "feedback", section: "feedback", title: t("reports.tables.feedback"), columns: [c("kind"), c("received"), c("answeredInWeek"), c("answeredRate")],
      rows: r.feedback.map((x) => [t(`feedback.kinds.${x.kind}`), x.received, x.answeredInWeek, percent(x.answeredRate)]), chart: { label: 0, value: 1 },
    },
    {
      id: "library", section: "library", title: t("reports.tables.library"), columns: [c("branch"), c("cardsIssued"), c("visits"), c("loans"), c("donatedBooks")],
      rows: [
        ...r.library.byBranch.map((x) => [name(x), x.cards_issued, x.visits, x.loans, x.donated_books]),
        [t("reports.total"), r.library.totals.cards_issued, r.library.totals.visits, r.library.totals.loans, r.library.totals.donated_books],
      ],
      chart: { label: 0, value: 2, skipLast: true },
    },
  ];
  if (options.includeTop) {
    tables.splice(5, 0, {
      id: "top-volunteers", section: "volunteers", title: t("reports.tables.topVolunteers"), columns: [c("volunteer"), c("number"), c("sessions"), c("hours")],
      rows: v.top.map((x) => [x.name, x.volunteer_number ?? "—", x.sessions, formatHours(x.minutes)]),
    });
  }
  return tables;
}

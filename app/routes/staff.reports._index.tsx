// Reports: the figures the library publishes, for a month, quarter, year or custom dates, for the
// whole system or one branch — each section with a chart and its table, each table as CSV.
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ReportTableView } from "#app/components/report-table.tsx";
import { FilterInput, useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { SelectField } from "#app/components/select-field.tsx";
import { branchesFor } from "#app/modules/auth/policy.ts";
import { loadReport } from "#app/web/report-page.server.ts";
import { PERIOD_KINDS } from "#app/modules/reports/periods.ts";
import { reportTables, type ReportData } from "#app/modules/reports/tables.ts";
import { pageTitle } from "#app/components/page-title.ts";
import { formatDate } from "#app/lib/time.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "reports");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, period, branch, branches, report, error, params } = await loadReport(request);
  // A refused period or branch: the page still shows, with the message beside its field, and 400.
  return data({ period, branch, branches, report, error, params, includeTop: true, isAdmin: branchesFor(user, "report.view") === "all" }, { status: error ? 400 : 200 });
}

const SECTIONS = ["events", "volunteers", "shifts", "feedback", "library"] as const;

export default function Reports() {
  const { period, branch, branches, report, error, params, includeTop, isAdmin } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const tables = report ? reportTables(report as ReportData, t, i18n.language, { includeTop }) : [];
  const query = new URLSearchParams(params);
  const kind = params.period ?? "month";
  const errorOf = (field: string) => (error?.field === field ? error.message : undefined);
  return (
    <>
      <h1>{t("reports.title")}</h1>
      <p className="lead">{t("reports.lead")}</p>
      <Form method="get" className="filters no-print" aria-label={t("reports.choose")}>
        <SelectField id="r-period" name="period" label={t("reports.period")} defaultValue={kind} error={errorOf("period")} options={PERIOD_KINDS.map((k) => ({ value: k, label: t(`reports.periods.${k}`) }))} />
        <FilterInput id="r-month" name="month" label={t("reports.month")} type="month" defaultValue={params.month ?? (period?.kind === "month" ? period.key : "")} error={errorOf("month")} />
        <FilterInput id="r-quarter" name="quarter" label={t("reports.quarter")} placeholder="2026-Q4" pattern="\d{4}-Q[1-4]" defaultValue={params.quarter ?? (period?.kind === "quarter" ? period.key : "")} error={errorOf("quarter")} />
        <FilterInput id="r-year" name="year" label={t("reports.year")} inputMode="numeric" pattern="\d{4}" defaultValue={params.year ?? (period?.kind === "year" ? period.key : "")} error={errorOf("year")} />
        <FilterInput id="r-from" name="from" label={t("reports.from")} type="date" defaultValue={params.from ?? ""} error={errorOf("from")} />
        <FilterInput id="r-to" name="to" label={t("reports.to")} type="date" defaultValue={params.to ?? ""} error={errorOf("to")} />
        <SelectField id="r-branch" name="branch" label={t("reports.branch")} defaultValue={branch} error={errorOf("branch")} empty={t(isAdmin ? "reports.allBranches" : "reports.myBranches")} options={branches.map((b) => ({ value: b.code, label: localized(b, "name") }))} />
        <button type="submit" className="button">
          {t("reports.show")}
        </button>
      </Form>
      {error ? (
        <p className="form-error" role="alert">
          {t(`reports.fields.${error.field}`, { defaultValue: error.field })}: {text(error.message)}
        </p>
      ) : null}
      {period ? (
        <>
          <p className="board-summary" role="status">
            {t("reports.showing", { from: formatDate(period.from, i18n.language), to: formatDate(period.to, i18n.language), scope: branch ? localized(branches.find((b) => b.code === branch)!, "name") : t(isAdmin ? "reports.allBranches" : "reports.myBranches") })}
          </p>
          <p className="no-print">
            <Link to={`/staff/reports/summary?${new URLSearchParams({ year: period.from.slice(0, 4), ...(branch ? { branch } : {}) })}`}>{t("reports.annualSummary")}</Link>
            {" · "}
            <Link to="/staff/reports/figures">{t("reports.enterFigures")}</Link>
          </p>
        </>
      ) : null}
      {SECTIONS.map((section) => {
        const mine = tables.filter((tb) => tb.section === section);
        if (mine.length === 0) return null;
        return (
          <section key={section} className="report-section" aria-labelledby={`s-${section}`}>
            <h2 id={`s-${section}`}>{t(`reports.sections.${section}`)}</h2>
            {mine.map((tb) => (
              <ReportTableView key={tb.id} table={tb} csv={`/staff/reports/csv?${new URLSearchParams({ ...Object.fromEntries(query), table: tb.id })}`} />
            ))}
          </section>
        );
      })}
    </>
  );
}

// The printable annual summary (A4): a year's figures for the system or one branch, every table
// with its chart drawn as bars in the rows, laid out for paper in at most two pages (the site's
// navigation does not print). Branches by name; the date is the day where the branches are.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ReportTableView } from "#app/components/report-table.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { loadReport } from "#app/web/report-page.server.ts";
import { reportTables, type ReportData } from "#app/modules/reports/tables.ts";
import { pageTitle } from "#app/components/page-title.ts";
import { formatDate } from "#app/lib/time.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "summary");

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  url.searchParams.set("period", "year");
  const { period, branch, branches, report, error, today } = await loadReport(new Request(url, request));
  if (error || !report || !period) throw new Response("Bad Request", { status: 400 });
  return { year: period.key, branch: branches.find((b) => b.code === branch) ?? null, report, generated: today };
}

export default function AnnualSummary() {
  const { year, branch, report, generated } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  // The published summary thanks volunteers by count, not by name: no top list on paper.
  const tables = reportTables(report as ReportData, t, i18n.language, { includeTop: false });
  return (
    <article className="annual-summary">
      <p className="no-print">
        <Link to={`/staff/reports?period=year&year=${year}${branch ? `&branch=${branch.code}` : ""}`}>{t("reports.backToReports")}</Link>
        {" · "}
        <button type="button" className="button button--quiet" onClick={() => window.print()}>
          {t("reports.print")}
        </button>
      </p>
      <header>
        <p className="certificate__library">{t("app.library")}</p>
        <h1>{t("reports.summaryTitle", { year })}</h1>
        <p className="muted">
          {branch ? localized(branch, "name") : t("reports.allBranches")} · {t("reports.generated", { date: formatDate(generated, i18n.language) })}
        </p>
      </header>
      <div className="annual-summary__tables">
        {tables.map((tb) => (
          <ReportTableView key={tb.id} table={tb} compact />
        ))}
      </div>
    </article>
  );
}

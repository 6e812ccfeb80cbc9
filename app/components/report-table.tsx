import { useTranslation } from "react-i18next";
import type { ReportTable } from "#app/modules/reports/tables.ts";
import { BarChart, chartRows } from "./bar-chart.tsx";

/**
 * One report table: its chart (when it has one), the numbers, and the CSV link. `compact` (the
 * printed summary) draws the chart as a bar beside each charted number instead of a chart above,
 * so a year fits on two A4 pages.
 */
export function ReportTableView({ table, csv, compact = false }: { table: ReportTable; csv?: string; compact?: boolean }) {
  const { t } = useTranslation();
  const chart = table.chart;
  const bars = compact && chart ? chartRows(table.rows, chart) : null;
  const max = bars ? Math.max(1, ...bars.map((b) => b.value)) : 1;
  return (
    <div className={`report-table${compact ? " report-table--compact" : ""}${table.columns.length > 6 ? " report-table--wide" : ""}`}>
      <h3 id={`t-${table.id}`}>{table.title}</h3>
      {chart && !compact ? <BarChart id={`c-${table.id}`} title={table.title} rows={chartRows(table.rows, chart)} /> : null}
      {table.rows.length === 0 ? (
        <p className="muted">{t("reports.noData")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-labelledby={`t-${table.id}`}>
            <thead>
              <tr>
                {table.columns.map((col) => (
                  <th scope="col" key={col}>
                    {col}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) =>
                    j === 0 ? (
                      <th scope="row" key={j}>
                        {cell}
                      </th>
                    ) : bars && j === chart!.value && i < bars.length ? (
                      <td key={j} className="bar-cell">
                        {cell}
                        {/* The number is the cell's text; the bar only draws it. */}
                        <svg aria-hidden="true" focusable="false" className="bar-cell__bar" viewBox="0 0 100 6" preserveAspectRatio="none">
                          <rect width={Math.max(bars[i].value > 0 ? 1 : 0, Math.round((100 * bars[i].value) / max))} height="6" />
                        </svg>
                      </td>
                    ) : (
                      <td key={j}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {csv ? (
        <p className="no-print">
          <a href={csv} download>
            {t("reports.csv")}
            <span className="visually-hidden"> {table.title}</span>
          </a>
        </p>
      ) : null}
    </div>
  );
}

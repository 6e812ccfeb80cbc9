import { useTranslation } from "react-i18next";
import type { ReportTable } from "#app/modules/reports/tables.ts";
import { BarChart, chartRows } from "./bar-chart.tsx";

/** One report table: its chart (when it has one), the numbers, and the CSV link. */
export function ReportTableView({ table, csv }: { table: ReportTable; csv?: string }) {
  const { t } = useTranslation();
  return (
    <div className="report-table">
      <h3 id={`t-${table.id}`}>{table.title}</h3>
      {table.chart ? <BarChart id={`c-${table.id}`} title={table.title} rows={chartRows(table.rows, table.chart)} /> : null}
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

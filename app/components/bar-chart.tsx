// A horizontal bar chart as SVG: one bar per row, the value written at its end. It is an image
// with a title for screen readers; the same numbers are in the table that follows it.
import type { Cell } from "#app/modules/reports/tables.ts";

export function BarChart({ id, title, rows }: { id: string; title: string; rows: Array<{ label: string; value: number }> }) {
  if (rows.length === 0) return null;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const bar = 22;
  const gap = 8;
  const labelWidth = 150;
  const width = 640;
  const height = rows.length * (bar + gap) + gap;
  return (
    <svg className="bar-chart" role="img" aria-labelledby={`${id}-title`} viewBox={`0 0 ${width} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-title`}>{`${title}: ${rows.map((r) => `${r.label} ${r.value}`).join("，")}`}</title>
      {rows.map((r, i) => {
        const y = gap + i * (bar + gap);
        const w = Math.round(((width - labelWidth - 70) * r.value) / max);
        return (
          <g key={r.label + i}>
            <text x={labelWidth - 8} y={y + bar * 0.7} textAnchor="end" className="bar-chart__label">
              {r.label.length > 12 ? `${r.label.slice(0, 11)}…` : r.label}
            </text>
            <rect x={labelWidth} y={y} width={Math.max(w, r.value > 0 ? 2 : 0)} height={bar} className="bar-chart__bar" />
            <text x={labelWidth + w + 6} y={y + bar * 0.7} className="bar-chart__value">
              {r.value}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The chart rows of a table: its label column against a numeric column. */
export function chartRows(rows: Cell[][], chart: { label: number; value: number; skipLast?: boolean }) {
  const body = chart.skipLast ? rows.slice(0, -1) : rows;
  return body.map((r) => ({ label: String(r[chart.label]), value: Number(r[chart.value]) || 0 }));
}

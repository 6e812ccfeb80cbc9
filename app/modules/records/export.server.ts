// The export for the national and provincial volunteer systems: service records of a period (and
// branch) as one row per volunteer per activity, with columns named as 志愿服务记录办法 Art 7 names
// the fields. No system publishes an import template (../shared/RECORDS.md), so the names are the
// rules' own, in Chinese whatever the page's language. CSV (UTF-8 with BOM) and XLSX.
import { stringify } from "csv-stringify/sync";
import type { TFunction } from "i18next";
import { sql, type Kysely } from "kysely";
import writeXlsxFile from "write-excel-file/node";
import type { Database } from "#db/schema.ts";
import { countedRecordFilter } from "./records.server.ts";

/** The columns, in order: the rules' field names (and the volunteer's). */
export const EXPORT_COLUMNS = ["志愿者姓名", "志愿者编号", "活动名称", "日期", "地点", "服务对象", "服务内容", "服务时间（小时）", "服务次数", "服务质量评价", "负责人", "记录人"] as const;

export interface ExportFilter {
  from: string;
  to: string;
  branch?: string;
  branchCodes: readonly string[] | "all";
}

interface ExportRow {
  volunteer_name: string;
  volunteer_number: string | null;
  activity: string;
  first_date: string;
  last_date: string;
  branch: string;
  rooms: string | null;
  beneficiaries: string[];
  contents: string;
  minutes: number;
  sessions: number;
  qualities: string[];
  people_in_charge: string | null;
  recorders: string | null;
  vias: string[];
}

async function exportRows(db: Kysely<Database>, filter: ExportFilter): Promise<ExportRow[]> {
  const scope = filter.branchCodes === "all" ? sql`true` : sql`sr.branch_code = ANY(${[...filter.branchCodes]})`;
  const result = await sql<ExportRow>`
    SELECT v.name AS volunteer_name, v.volunteer_number, sr.activity_zh AS activity,
      to_char(min(sr.local_date), 'YYYY-MM-DD') AS first_date, to_char(max(sr.local_date), 'YYYY-MM-DD') AS last_date,
      br.name_zh AS branch, string_agg(DISTINCT rm.name_zh, '、') AS rooms,
      array_agg(DISTINCT sr.beneficiaries) AS beneficiaries, string_agg(DISTINCT sr.content_zh, '；') AS contents,
      sum(sr.minutes)::int AS minutes, count(*)::int AS sessions,
      array_remove(array_agg(DISTINCT sr.quality), NULL) AS qualities,
      string_agg(DISTINCT pic.name, '、') AS people_in_charge, string_agg(DISTINCT rec.name, '、') AS recorders,
      array_agg(DISTINCT sr.recorded_via) FILTER (WHERE sr.recorder IS NULL) AS vias
    FROM shuxiang.service_records sr
    JOIN shuxiang.volunteers v ON v.id = sr.volunteer_id
    JOIN library.branches br ON br.code = sr.branch_code
    LEFT JOIN shuxiang.rooms rm ON rm.id = sr.room_id
    LEFT JOIN shuxiang.staff pic ON pic.id = sr.person_in_charge
    LEFT JOIN shuxiang.staff rec ON rec.id = sr.recorder
    WHERE sr.local_date BETWEEN ${filter.from}::date AND ${filter.to}::date AND ${countedRecordFilter()}
      AND ${scope} ${filter.branch ? sql`AND sr.branch_code = ${filter.branch}` : sql``}
    GROUP BY v.id, v.name, v.volunteer_number, sr.activity_zh, br.code, br.name_zh, br.sort_order
    ORDER BY br.sort_order, v.volunteer_number NULLS LAST, v.id, sr.activity_zh`.execute(db);
  return result.rows;
}

/** The header and one row per volunteer per activity, as text and numbers (labels from `t`, zh-CN). */
export async function recordsTable(db: Kysely<Database>, filter: ExportFilter, t: TFunction): Promise<{ columns: string[]; rows: Array<Array<string | number>> }> {
  const rows = await exportRows(db, filter);
  return {
    columns: [...EXPORT_COLUMNS],
    rows: rows.map((r) => [
      r.volunteer_name,
      r.volunteer_number ?? "",
      r.activity,
      r.first_date === r.last_date ? r.first_date : `${r.first_date} 至 ${r.last_date}`,
      r.rooms ? `${r.branch} ${r.rooms}` : r.branch,
      r.beneficiaries.map((b) => t(`events.audiences.${b}`, { defaultValue: b })).join("、"),
      r.contents,
      Math.round(r.minutes / 6) / 10,
      r.sessions,
      r.qualities.map((q) => t(`records.quality.${q}`)).join("、"),
      r.people_in_charge ?? "",
      [r.recorders, ...(r.vias ?? []).map((v) => t(`records.via.${v}`))].filter(Boolean).join("、"),
    ]),
  };
}

export function toCsv(table: { columns: string[]; rows: Array<Array<string | number>> }): string {
  return "\uFEFF" + stringify([table.columns, ...table.rows]);
}

export async function toXlsx(table: { columns: string[]; rows: Array<Array<string | number>> }): Promise<Buffer> {
  const header = table.columns.map((value) => ({ value, fontWeight: "bold" as const }));
  const body = table.rows.map((row) => row.map((value) => ({ value })));
  return writeXlsxFile([header, ...body], { sheet: "志愿服务记录", columns: table.columns.map((c) => ({ width: Math.max(10, c.length * 2 + 2) })) }).toBuffer();
}

// One date form per language: pages and components show a date only through the formatters in
// app/lib/time.ts (formatDate, formatDay, formatMonth, formatTimeSpan, formatInstant). This reads
// every route and component and fails on the other ways of writing a date for a person: an ISO
// string cut from toISOString, toLocaleDateString, luxon's ad-hoc toFormat, an Intl date format
// of its own, or a raw date value (`{x.local_date}`, `from: period.from` in a message).
// Machine formats stay ISO and are not looked at here: CSV/XLSX/ICS files are resource routes
// (*.csv.ts, *.xlsx.ts, *.ics.ts) and <input type="date"> values are attributes (`value={…}`).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

/** Each allowed exception, with the line it allows and why. Anything else is a finding. */
const ALLOWED: Array<{ file: string; line: RegExp; why: string }> = [
  {
    file: "app/routes/volunteer.profile_.data.ts",
    line: /filename="shuxiang-my-data-\$\{new Date\(\)\.toISOString\(\)\.slice\(0, 10\)\}\.json"/,
    why: "the download's file name, a machine name",
  },
  {
    file: "app/routes/staff.reports.figures.tsx",
    line: /return d\.toISOString\(\)\.slice\(0, 10\);/,
    why: "month keys (YYYY-MM-01) the loader queries by; the page shows them through formatMonth",
  },
  {
    file: "app/routes/staff.board.tsx",
    line: /const dayFormat = new Intl\.DateTimeFormat\(i18n\.language, \{ weekday: "short", month: "numeric", day: "numeric", timeZone: "UTC" \}\);/,
    why: "the board's narrow column headers (weekday and day); its caption gives the dates with formatDate",
  },
  {
    file: "app/routes/staff.display.tsx",
    line: /const day = new Intl\.DateTimeFormat\(i18n\.language, \{ month: "long", day: "numeric", weekday: "long", timeZone: zone \}\)/,
    why: "the wall display's today, read from across the room: weekday and day, no year",
  },
];

const MACHINE_FILES = /\.(csv|xlsx|ics)\.ts$|\[\.\](csv|xlsx|ics)\.ts$|_\.csv\.ts$/;

/** A value that holds a calendar date (YYYY-MM-DD) by its name. */
const DATE_NAME = String.raw`[\w.?]*?(?:\b|_|\.)(?:local_?[dD]ate|issue_?[dD]ate|birth_?[dD]ate|preferred_?[dD]ate|period_?[fF]rom|period_?[tT]o|[fF]irst_?[dD]ate|[lL]ast_?[dD]ate|period\.from|period\.to|today)`;

const RULES: Array<{ name: string; pattern: RegExp }> = [
  { name: "an ISO date cut from toISOString", pattern: /toISOString\(\)\s*\.\s*(slice|substring|substr|split)\(/ },
  { name: "toLocaleDateString", pattern: /\.toLocaleDateString\(/ },
  { name: "luxon toFormat with its own pattern", pattern: /\.toFormat\(/ },
  { name: "an Intl date format of its own", pattern: /new Intl\.DateTimeFormat\([^)]*\b(year|month|day|weekday|dateStyle)\s*:/ },
  { name: "toISODate shown as text", pattern: /\{[^{}=]*\.toISODate\(\)[^{}]*\}/ },
  // `{x.local_date}` as a child of an element (not `value={…}`, an attribute, nor `${…}` in a URL).
  { name: "a raw date in JSX", pattern: new RegExp(String.raw`(?<![=\w$])\{\s*${DATE_NAME}\s*\}`) },
  // A raw date handed to a message: t("…", { from: period.from }).
  { name: "a raw date in a message", pattern: new RegExp(String.raw`\bt\(\s*"[^"]*"\s*,\s*\{[^}]*\b(?:date|from|to|day|when|until)\s*:\s*${DATE_NAME}\s*[,}]`) },
  // A raw date in a template string shown as text: `${t("…")}: ${r.preferred_date}`.
  { name: "a raw date in a text template", pattern: new RegExp(String.raw`:\s*\$\{\s*${DATE_NAME}\s*\}`) },
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

/** Every line of `source` that shows a date in a way of its own, as "rule: line". */
function findings(file: string, source: string): string[] {
  const out: string[] = [];
  source.split("\n").forEach((text, i) => {
    for (const rule of RULES) {
      if (!rule.pattern.test(text)) continue;
      if (ALLOWED.some((a) => a.file === file && a.line.test(text))) continue;
      out.push(`${file}:${i + 1} ${rule.name}: ${text.trim()}`);
    }
  });
  return out;
}

const files = [...sourceFiles("app/routes"), ...sourceFiles("app/components")].filter((f) => !MACHINE_FILES.test(f));

describe("dates on pages go through the one formatter", () => {
  it("finds the pages and components", () => {
    expect(files.length).toBeGreaterThan(60);
    expect(files).toContain("app/routes/staff.reports.summary.tsx");
    expect(files).not.toContain("app/routes/staff.records.export[.]csv.ts");
  });

  it("catches each way of writing a date of its own (the check itself)", () => {
    const bad = [
      "const day = new Date().toISOString().slice(0, 10);",
      "<td>{new Date(x).toLocaleDateString()}</td>",
      "<td>{DateTime.now().toFormat(\"yyyy/MM/dd\")}</td>",
      "const f = new Intl.DateTimeFormat(lang, { year: \"numeric\", month: \"2-digit\" });",
      "<dd>{r.localDate}</dd>",
      "<dd>{c.issueDate}</dd>",
      "{localized(branch, \"name\")} · {today} ·",
      "{b.local_date} {formatClockRange(b.starts_at, b.ends_at, b.timezone)}",
      "{t(\"reports.showing\", { from: period.from, to: period.to })}",
      "{r.preferred_date ? ` · ${t(\"events.preferredDate\")}: ${r.preferred_date}` : \"\"}",
    ];
    for (const line of bad) expect(findings("app/routes/example.tsx", line).length, line).toBeGreaterThan(0);
    const good = [
      "<dd>{formatDate(r.localDate, i18n.language)}</dd>",
      "<input type=\"date\" name=\"date\" defaultValue={s.local_date} />",
      "<Link to={`/staff/roster?branch=${shift.branch_code}&date=${shift.local_date}`}>{t(\"roster.heading\")}</Link>",
      "defaultValue: { date: event.local_date, start: event.start },",
      "const clock = new Intl.DateTimeFormat(\"en-GB\", { hour: \"2-digit\", minute: \"2-digit\" });",
      "{t(\"reports.showing\", { from: formatDate(period.from, i18n.language), to: formatDate(period.to, i18n.language) })}",
    ];
    for (const line of good) expect(findings("app/routes/example.tsx", line), line).toEqual([]);
  });

  it("no route or component shows a date in a form of its own", () => {
    const found = files.flatMap((f) => findings(f, fs.readFileSync(path.join(root, f), "utf8")));
    expect(found).toEqual([]);
  });

  it("every allowed exception still exists (a stale one would hide nothing and mislead)", () => {
    for (const a of ALLOWED) {
      const source = fs.readFileSync(path.join(root, a.file), "utf8");
      expect(source.split("\n").some((l) => a.line.test(l)), `${a.file}: ${a.why}`).toBe(true);
    }
  });
});

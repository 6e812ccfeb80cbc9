// The printable annual summary (issue 20, 8): branches by their names in the reader's language —
// never by code (GL, FC…) — dated in the one date form, and on at most two A4 pages when printed.
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { databaseUrl, E2E_DATABASE } from "../support/database.ts";
import { expectAccessible } from "./axe.ts";
import { signInStaff } from "./sign-in.ts";

test.use({ viewport: { width: 1280, height: 800 } });

interface Branch {
  code: string;
  name_zh: string;
  name_en: string;
}

async function branches(): Promise<Branch[]> {
  const client = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await client.connect();
  try {
    return (await client.query<Branch>("SELECT code, name_zh, name_en FROM library.branches ORDER BY sort_order")).rows;
  } finally {
    await client.end();
  }
}

/** Pages in a PDF: its page objects (`/Type /Page`, not the `/Type /Pages` tree). */
function pdfPages(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}

const year = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date()).slice(0, 4);

async function checkSummary(page: Page, language: "zh-CN" | "en", all: Branch[]) {
  const name = (b: Branch) => (language === "en" ? b.name_en : b.name_zh);
  await page.goto(`/staff/reports/summary?year=${year}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(language === "en" ? `Annual summary ${year}` : `${year} 年度统计`);

  // The date in the one form of the language, never ISO.
  const generated = page.getByText(language === "en" ? /generated [A-Z][a-z]{2} \d{1,2}, \d{4}/ : /生成于 \d{4}年\d{1,2}月\d{1,2}日/);
  await expect(generated).toBeVisible();
  await expect(page.getByText(/\d{4}-\d{2}-\d{2}/)).toHaveCount(0);

  // Every branch by its name, in the tables that list branches, and no code standing as a name.
  const byBranch = page.getByRole("table", { name: language === "en" ? "Shifts by branch" : "班次：按馆" });
  const hours = page.getByRole("table", { name: language === "en" ? "Hours by branch and role" : "服务时长：按馆和岗位" });
  for (const b of all) await expect(byBranch.getByRole("rowheader", { name: name(b), exact: true })).toBeVisible();
  await expect(hours.getByRole("rowheader", { name: name(all[0]), exact: true }).first()).toBeVisible();
  const cells = await page.locator("table th, table td").allInnerTexts();
  const codes = new Set(all.map((b) => b.code));
  expect(cells.filter((c) => codes.has(c.trim()))).toEqual([]);
  const words = new RegExp(`(?<![A-Za-z0-9-])(${all.map((b) => b.code).join("|")})(?![A-Za-z0-9-])`);
  expect((await page.locator("main").innerText()).match(words)).toBeNull();
  await expectAccessible(page);
  await page.screenshot({ path: `tests/e2e/.artifacts/summary-${language}.png`, fullPage: true });

  // On paper: at most two A4 pages, and the print view looked at.
  const pdf = await page.pdf({ format: "A4" });
  expect(pdfPages(pdf)).toBeGreaterThanOrEqual(1);
  expect(pdfPages(pdf)).toBeLessThanOrEqual(2);
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: `tests/e2e/.artifacts/summary-${language}-print.png`, fullPage: true });
  await page.emulateMedia({ media: null });
}

test("the annual summary names branches, in Chinese and in English, and prints on at most two A4 pages", async ({ page }) => {
  const all = await branches();
  await signInStaff(page, "admin@shuxiang.example");
  await checkSummary(page, "zh-CN", all);

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await checkSummary(page, "en", all);
});

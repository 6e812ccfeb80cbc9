// Every page's title follows the reader's language: visited in English, no title carries Chinese.
// The pages are found by following the links each kind of user sees, so a new page is covered too.
import { expect, test, type Page } from "@playwright/test";
import { crawl, shape } from "./crawl.ts";
import { signInStaff, signInVolunteer } from "./sign-in.ts";

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

async function switchToEnglish(page: Page) {
  await page.goto("/");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
}

/** Every page reachable from the start pages (see crawl.ts), each page's title by route shape. */
async function titlesOf(page: Page, starts: string[], within: RegExp): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  await crawl(page, starts, within, async (path) => {
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    titles.set(shape(path), await page.title());
  });
  return titles;
}

function chinese(titles: Map<string, string>): string[] {
  return [...titles].filter(([, title]) => CJK.test(title)).map(([path, title]) => `${path}: ${title}`);
}

const seen = new Map<string, string>();

test("in English no public page title is Chinese", async ({ page }) => {
  await switchToEnglish(page);
  const titles = await titlesOf(
    page,
    ["/", "/events", "/join", "/join/apply", "/certificates", "/feedback", "/sign-in", "/volunteer/sign-in", "/no-such-page",
      "/events/registration/not-a-real-token-000000", "/unsubscribe/not-a-real-token-000000", "/staff/set-password/not-a-real-token-000000",
      "/volunteer/sign-in/link/not-a-real-token-000000", "/certificates/NO-SUCH-CODE"],
    /^\/(events|join|certificates|feedback)/,
  );
  expect(chinese(titles)).toEqual([]);
  expect(titles.get("/")).toBe("Gulou Library and its branches · Shuxiang");
  for (const [k, v] of titles) seen.set(k, v);
});

test("in English no staff page title is Chinese", async ({ page }) => {
  test.setTimeout(180_000);
  await signInStaff(page, "admin@shuxiang.example");
  await switchToEnglish(page);
  const titles = await titlesOf(page, ["/staff"], /^\/staff/);
  expect(chinese(titles)).toEqual([]);
  expect(titles.get("/staff/board")).toBe("Scheduling board · Shuxiang");
  for (const [k, v] of titles) seen.set(k, v);
});

test("in English no volunteer page title is Chinese, and every titled page was seen", async ({ page }) => {
  await signInVolunteer(page, "volunteer01@example.com");
  await switchToEnglish(page);
  const titles = await titlesOf(page, ["/volunteer"], /^\/volunteer/);
  expect(chinese(titles)).toEqual([]);
  for (const [k, v] of titles) seen.set(k, v);
  // 45 routes have a title of their own; the crawl reached nearly all (token pages share shapes).
  expect([...seen.keys()].length).toBeGreaterThanOrEqual(40);
});

test("the staff navigation names each place once", async ({ page }) => {
  await signInStaff(page, "admin@shuxiang.example");
  await switchToEnglish(page);
  const names = await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link").allTextContents();
  expect(names.length).toBeGreaterThan(5);
  expect(new Set(names).size).toBe(names.length);
});

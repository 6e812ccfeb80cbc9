// Every page, as every kind of user, at both sizes: each page a reader, volunteer, desk person,
// coordinator and administrator can reach (found by following their links, see crawl.ts, so a page
// added later is covered) passes axe at 1280×800 and at 390×844, and at 390×844 does not scroll
// sideways (wide tables and the board scroll inside their own region). With SHOTS_DIR set, each
// page's screenshot at both sizes lands there to be looked at.
import { expect, test, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { crawl, shape } from "./crawl.ts";
import { signInStaff, signInVolunteer } from "./sign-in.ts";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const SHOTS = process.env.SHOTS_DIR;

/** Serious or critical axe findings on the page as it stands, and (at phone size) sideways scrolling. */
async function problems(page: Page, path: string, size: string): Promise<string[]> {
  const found: string[] = [];
  const results = await new AxeBuilder({ page }).analyze();
  for (const v of results.violations) {
    if (v.impact === "serious" || v.impact === "critical") found.push(`${size} ${path}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  }
  if (size === "390") {
    const { scrollWidth, clientWidth, culprits } = await page.evaluate(() => {
      const width = document.scrollingElement!.clientWidth;
      // What sticks out: the outermost elements past the right edge whose parent does not.
      const culprits = [...document.querySelectorAll<HTMLElement>("body *")]
        .filter((el) => el.getBoundingClientRect().right > width + 1 && el.parentElement!.getBoundingClientRect().right <= width + 1)
        .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(" ").join(".")}` : ""} ${Math.round(el.getBoundingClientRect().width)} px`);
      return { scrollWidth: document.scrollingElement!.scrollWidth, clientWidth: width, culprits: culprits.slice(0, 3) };
    });
    if (scrollWidth > clientWidth) found.push(`390 ${path}: scrolls sideways (${scrollWidth} > ${clientWidth} px: ${culprits.join(", ")})`);
  }
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/every-page/${shape(path).replace(/[/:]+/g, "_") || "_"}-${size}.png`, fullPage: true });
  return found;
}

/** Crawls at desktop size checking each page, then visits the same pages at phone size. */
async function sweep(page: Page, starts: string[], within: RegExp): Promise<{ pages: number; found: string[] }> {
  const found: string[] = [];
  await page.setViewportSize(DESKTOP);
  const visited = await crawl(page, starts, within, async (path) => void found.push(...(await problems(page, path, "1280"))));
  await page.setViewportSize(PHONE);
  for (const path of visited.values()) {
    await page.goto(path);
    found.push(...(await problems(page, path, "390")));
  }
  return { pages: visited.size, found };
}

test.describe.configure({ timeout: 600_000 });

test("every public page passes axe at both sizes and fits a phone", async ({ page }) => {
  const { pages, found } = await sweep(
    page,
    ["/", "/events", "/join", "/join/apply", "/certificates", "/feedback", "/sign-in", "/volunteer/sign-in", "/no-such-page", "/events/registration/not-a-real-token-000000"],
    /^\/(events|join|certificates|feedback)/,
  );
  expect(found).toEqual([]);
  expect(pages).toBeGreaterThanOrEqual(10);
});

test("every volunteer page passes axe at both sizes and fits a phone", async ({ page }) => {
  await signInVolunteer(page, "volunteer07@example.com");
  const { pages, found } = await sweep(page, ["/volunteer", "/volunteer/appointment"], /^\/volunteer/);
  expect(found).toEqual([]);
  expect(pages).toBeGreaterThanOrEqual(6);
});

for (const [who, email, least] of [
  ["the desk", "desk.gulou@shuxiang.example", 3],
  ["a coordinator", "coord.gulou@shuxiang.example", 15],
  ["an administrator", "admin@shuxiang.example", 25],
] as const) {
  test(`every staff page ${who} reaches passes axe at both sizes and fits a phone`, async ({ page }) => {
    await signInStaff(page, email);
    const { pages, found } = await sweep(page, ["/staff"], /^\/staff/);
    expect(found).toEqual([]);
    expect(pages).toBeGreaterThanOrEqual(least);
  });
}

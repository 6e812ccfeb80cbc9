// The application form says "* marks required fields" (issue 20, 8): each required field shows the
// "*", the star stays out of the field's name (found by its label alone), the input itself is
// required, optional fields carry no star — in both languages, on a phone and at a desk.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectAccessible } from "./axe.ts";

const TEXT = {
  "zh-CN": {
    lead: "带 * 的为必填项",
    textboxes: ["姓名", "手机", "邮箱"],
    birthDate: "出生日期",
    optional: "读者证号（选填，13 位）",
    groups: ["希望服务的分馆", "感兴趣的岗位", "每周空闲时间"],
    consent: "我已阅读并同意志愿者守则，同意图书馆为组织志愿服务处理我的个人信息。",
  },
  en: {
    lead: "Fields marked * are required",
    textboxes: ["Name", "Mobile", "Email"],
    birthDate: "Date of birth",
    optional: "Library card number (optional, 13 digits)",
    groups: ["Branches you would like to serve at", "Roles you are interested in", "When you are free each week"],
    consent: "I have read and accept the volunteer rules, and agree to the library processing my personal data to organise volunteering.",
  },
} as const;

/** The visible "*" that goes with a field: right after its label, or inside it (a checkbox's). */
async function starOf(field: Locator) {
  return field.evaluate((el) => {
    const label = document.querySelector(`label[for="${el.id}"]`) ?? el.closest("label");
    const star = label?.nextElementSibling?.classList.contains("required-mark") ? label.nextElementSibling : label?.querySelector(".required-mark");
    if (!star) return null;
    const box = star.getBoundingClientRect();
    return { text: star.textContent, hidden: star.getAttribute("aria-hidden"), visible: box.width > 0 && box.height > 0 };
  });
}

async function checkForm(page: Page, lang: keyof typeof TEXT) {
  const text = TEXT[lang];
  await expect(page.getByText(text.lead)).toBeVisible();
  for (const label of text.textboxes) {
    const box = page.getByRole("textbox", { name: label, exact: true });
    await expect(box).toHaveCount(1);
    await expect(box).toHaveAttribute("required", "");
    expect(await starOf(box)).toEqual({ text: "*", hidden: "true", visible: true });
  }
  const birth = page.getByLabel(text.birthDate, { exact: true });
  await expect(birth).toHaveAttribute("required", "");
  expect(await starOf(birth)).toEqual({ text: "*", hidden: "true", visible: true });
  // An optional field: no star, not required.
  const card = page.getByRole("textbox", { name: text.optional, exact: true });
  await expect(card).not.toHaveAttribute("required");
  expect(await starOf(card)).toBeNull();
  // Groups of checkboxes: the star in the legend, outside the group's name.
  for (const name of text.groups) {
    const group = page.getByRole("group", { name, exact: true });
    await expect(group).toBeVisible();
    await expect(group.locator("legend .required-mark[aria-hidden='true']")).toHaveText("*");
  }
  const consent = page.getByRole("checkbox", { name: text.consent, exact: true });
  await expect(consent).toHaveAttribute("required", "");
  expect(await starOf(consent)).toEqual({ text: "*", hidden: "true", visible: true });
  await expectAccessible(page);
}

for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test("the application form marks its required fields with a * that is seen, not read", async ({ page, browser }) => {
      await page.goto("/join/apply");
      await checkForm(page, "zh-CN");
      await page.screenshot({ path: `tests/e2e/.artifacts/apply-required-${viewport.width}.png`, fullPage: true });

      // A reader whose browser asks for English.
      const english = await (await browser.newContext({ viewport, locale: "en" })).newPage();
      await english.goto("/join/apply");
      await expect(english.locator("html")).toHaveAttribute("lang", "en");
      await checkForm(english, "en");
      await english.context().close();
    });
  });
}

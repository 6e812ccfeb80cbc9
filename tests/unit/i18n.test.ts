import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { i18nOptions } from "#app/i18n/config.ts";
import { en } from "#app/i18n/en.ts";
import { zhCN } from "#app/i18n/zh-CN.ts";

function leaves(obj: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

describe("translations", () => {
  const zh = leaves(zhCN);
  const vars = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
  const english = leaves(en);

  // Chinese has one plural form (`_other`); English adds `_one` beside it.
  const englishOnly = [...english.keys()].filter((k) => !zh.has(k));

  it("English has every Chinese key and no others, apart from its forms for one", () => {
    expect([...zh.keys()].filter((k) => !english.has(k))).toEqual([]);
    for (const key of englishOnly) {
      expect(key, key).toMatch(/_one$/);
      expect(zh.has(key.replace(/_one$/, "_other")), key).toBe(true);
    }
  });

  it("an English form for one has the placeholders of its plural", () => {
    for (const key of englishOnly) expect(vars(english.get(key)!), key).toEqual(vars(english.get(key.replace(/_one$/, "_other"))!));
  });

  it("English counts one place, two places (and Chinese has one form)", async () => {
    const [enT, zhT] = await Promise.all(
      (["en", "zh-CN"] as const).map(async (lng) => {
        const i18n = createInstance();
        await i18n.init({ ...i18nOptions, lng });
        return i18n.t;
      }),
    );
    expect(enT("n.places", { count: 1 })).toBe("1 place");
    expect(enT("n.places", { count: 2 })).toBe("2 places");
    expect(enT("email.event.event-registered.body", { title: "Picture books", places: 1 })).toBe("You are registered for “Picture books”, 1 place:");
    expect(enT("email.event.event-registered.body", { title: "Picture books", places: 3 })).toBe("You are registered for “Picture books”, 3 places:");
    expect(enT("board.summary", { shifts: 1, places: 1, filled: 0, short: 1 })).toBe("In this view: 1 shift, 1 place, 0 filled, 1 short-staffed.");
    expect(enT("email.shift.shift-reminder.body", { hours: 1, role: "Shelving", place: "Gulou" })).toMatch(/^A reminder: in 1 hour you/);
    expect(zhT("email.event.event-registered.body", { title: "绘本", places: 1 })).toContain("1");
    expect(zhT("n.places", { count: 1 })).toBe("1 个名额");
  });

  it("every English message that nests a counted noun renders it (no $t( or {{ left over)", async () => {
    const i18n = createInstance();
    await i18n.init({ ...i18nOptions, lng: "en" });
    for (const [key, text] of english) {
      if (!text.includes("$t(")) continue;
      const values = Object.fromEntries(vars(text).map((v) => [v, 2]));
      const out = i18n.t(key, values);
      expect(out, key).not.toMatch(/\$t\(|{{/);
      expect(out, key).not.toBe(key);
    }
  });

  it("no message is empty, and both languages use the same placeholders", () => {
    for (const [key, text] of zh) {
      expect(text.trim(), key).not.toBe("");
      expect(english.get(key)!.trim(), key).not.toBe("");
      expect(vars(english.get(key)!), key).toEqual(vars(text));
    }
  });

  it("Chinese messages are in Chinese", () => {
    expect(zhCN.home.title).toMatch(/[\u4e00-\u9fff]/);
    expect(zhCN.signIn.wrongPassword).toMatch(/[\u4e00-\u9fff]/);
  });
});

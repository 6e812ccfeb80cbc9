import { describe, expect, it } from "vitest";
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
  const english = leaves(en);

  it("English has every Chinese key and no others", () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it("no message is empty, and both languages use the same placeholders", () => {
    for (const [key, text] of zh) {
      expect(text.trim(), key).not.toBe("");
      expect(english.get(key)!.trim(), key).not.toBe("");
      const vars = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
      expect(vars(english.get(key)!), key).toEqual(vars(text));
    }
  });

  it("Chinese messages are in Chinese", () => {
    expect(zhCN.home.title).toMatch(/[\u4e00-\u9fff]/);
    expect(zhCN.signIn.wrongPassword).toMatch(/[\u4e00-\u9fff]/);
  });
});

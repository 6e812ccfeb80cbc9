import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { i18nOptions } from "#app/i18n/config.ts";
import { translationTemplate } from "#app/i18n/template.ts";

describe("translationTemplate", () => {
  it("fills the placeholders as t() would, in both languages", async () => {
    for (const lng of ["zh-CN", "en"] as const) {
      const i18n = createInstance();
      await i18n.init({ ...i18nOptions, lng });
      const addShift = translationTemplate(i18n.t, "board.addShift", ["branch", "date"]);
      const values = { branch: "鼓楼图书馆 <&>", date: "2027-06-07" };
      expect(addShift(values)).toBe(i18n.t("board.addShift", values));
      const count = translationTemplate(i18n.t, "board.eventCount", ["registered", "capacity"]);
      expect(count({ registered: 0, capacity: 40 })).toBe(i18n.t("board.eventCount", { registered: 0, capacity: 40 }));
      expect(count({ registered: 12, capacity: 40 })).toContain("12/40");
    }
  });
});

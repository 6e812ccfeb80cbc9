import { describe, expect, it } from "vitest";
import { errorText } from "#app/components/field.tsx";
import { getFixedT } from "#app/i18n/i18n.server.ts";

describe("form messages", () => {
  it("name a branch without a desk email in the reader's language and send them to an administrator", async () => {
    const message = "plan.noDeskEmail:鼓楼图书馆:Gulou Library";
    const zh = errorText(await getFixedT("zh-CN"), "zh-CN", message);
    expect(zh).toMatch(/^鼓楼图书馆还没有填写志愿者服务台邮箱/);
    expect(zh).toContain("请联系管理员在该分馆的管理页面");
    const en = errorText(await getFixedT("en"), "en", message);
    expect(en).toMatch(/^Gulou Library has no volunteer desk email yet/);
    expect(en).toContain("ask an administrator");
    expect(en).not.toContain("鼓楼");
  });

  it("keep a single value as it was", async () => {
    expect(errorText(await getFixedT("en"), "en", "validation.tooLong:254")).toContain("254");
  });
});

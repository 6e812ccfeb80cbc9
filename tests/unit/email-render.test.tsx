import { render } from "@react-email/render";
import { describe, expect, it } from "vitest";
import { getFixedT } from "#app/i18n/i18n.server.ts";
import { renderEmail } from "#emails/render.ts";
import { SignInCodeEmail } from "#emails/sign-in-code.tsx";

describe("email rendering", () => {
  it("derives the plain-text part exactly as react-email's own plain-text render does", async () => {
    for (const lang of ["zh-CN", "en"] as const) {
      const t = await getFixedT(lang);
      const element = <SignInCodeEmail t={t} lang={lang} data={{ name: "陈晓", code: "042137", link: "https://library.example/volunteer/sign-in/link/abc" }} />;
      const rendered = await renderEmail("subject", element);
      expect(rendered.text).toBe(await render(element, { plainText: true }));
      expect(rendered.html).toContain(`lang="${lang}"`);
      expect(rendered.text).toContain("042137");
      expect(rendered.text).toContain("https://library.example/volunteer/sign-in/link/abc");
    }
  });
});

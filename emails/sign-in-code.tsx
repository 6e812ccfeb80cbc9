import { Button } from "@react-email/button";
import { Text } from "@react-email/text";
import type { TFunction } from "i18next";
import { EmailLayout } from "./components/layout.tsx";
import { renderEmail, type RenderedEmail } from "./render.ts";

export interface SignInCodeData {
  name: string;
  code: string;
  link: string;
}

export function SignInCodeEmail({ t, lang, data }: { t: TFunction; lang: string; data: SignInCodeData }) {
  return (
    <EmailLayout lang={lang} preview={t("email.signInPreview", { code: data.code })} libraryName={t("app.library")} footer={t("email.footerWhy")}>
      <Text>{t("email.signInGreeting", { name: data.name })}</Text>
      <Text>{t("email.signInBody")}</Text>
      <Text style={{ fontSize: "28px", letterSpacing: "6px", fontWeight: 700 }}>{data.code}</Text>
      <Text>{t("email.signInLink")}</Text>
      <Button href={data.link} style={{ backgroundColor: "#7a2e1d", color: "#ffffff", padding: "10px 18px", borderRadius: "4px" }}>
        {t("email.signInButton")}
      </Button>
      <Text>{t("email.signInExpiry")}</Text>
    </EmailLayout>
  );
}

export function renderSignInCode(t: TFunction, lang: string, data: SignInCodeData): Promise<RenderedEmail> {
  return renderEmail(t("email.signInSubject", { code: data.code }), <SignInCodeEmail t={t} lang={lang} data={data} />);
}

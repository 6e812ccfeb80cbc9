// A volunteer's request to correct a service record, decided: approved (with the hours now
// counted) or declined (with the coordinator's reason). In the volunteer's language.
import { Button } from "@react-email/button";
import { Text } from "@react-email/text";
import type { TFunction } from "i18next";
import { EmailLayout } from "./components/layout.tsx";
import { MultilineText } from "./components/multiline.tsx";
import { renderEmail, type RenderedEmail } from "./render.ts";

export interface CorrectionDecisionData {
  name: string;
  decision: "approved" | "declined";
  date: string;
  hours: string;
  reason: string;
  link: string;
}

function CorrectionDecisionEmail({ t, lang, data }: { t: TFunction; lang: string; data: CorrectionDecisionData }) {
  const key = `email.correction.${data.decision}`;
  return (
    <EmailLayout lang={lang} preview={t(`${key}.subject`)} libraryName={t("app.library")} footer={t("email.correction.footer")}>
      <Text>{t("email.greeting", { name: data.name })}</Text>
      <Text>{t(`${key}.body`, { date: data.date, hours: data.hours })}</Text>
      {data.reason ? <MultilineText text={data.reason} /> : null}
      <Button href={data.link}>{t("email.correction.view")}</Button>
    </EmailLayout>
  );
}

export function renderCorrectionDecision(t: TFunction, lang: string, data: CorrectionDecisionData): Promise<RenderedEmail> {
  return renderEmail(t(`email.correction.${data.decision}.subject`), <CorrectionDecisionEmail t={t} lang={lang} data={data} />);
}

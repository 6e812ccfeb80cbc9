// Messages to applicants: received (with what happens next), each move of the application, and
// the appointment (with the volunteer number and where to find the appointment letter).
import { Button } from "@react-email/button";
import { Text } from "@react-email/text";
import type { TFunction } from "i18next";
import { EmailLayout } from "./components/layout.tsx";
import { MultilineText } from "./components/multiline.tsx";
import { renderEmail, type RenderedEmail } from "./render.ts";

export const APPLICATION_MESSAGE_KINDS = ["application-received", "application-update", "appointment"] as const;
export type ApplicationMessageKind = (typeof APPLICATION_MESSAGE_KINDS)[number];

export interface ApplicationMessageData {
  name: string;
  status: string;
  url: string;
  minor?: boolean;
  volunteerNumber?: string;
  note?: string;
}

function ApplicationEmail({ t, lang, kind, data }: { t: TFunction; lang: string; kind: ApplicationMessageKind; data: ApplicationMessageData }) {
  const status = t(`pipeline.status.${data.status}`);
  return (
    <EmailLayout lang={lang} preview={t(`email.application.${kind}.subject`, { status })} libraryName={t("app.library")} footer={t("email.application.footer")}>
      <Text>{t("email.greeting", { name: data.name })}</Text>
      <Text>{t(`email.application.${kind}.body`, { status, number: data.volunteerNumber })}</Text>
      {kind === "application-update" ? <Text>{t(`email.application.next.${data.status}`)}</Text> : null}
      {kind === "application-received" ? <Text>{t("email.application.next.applied")}</Text> : null}
      {kind === "application-received" && data.minor ? <Text>{t("email.application.minor")}</Text> : null}
      {data.note ? <MultilineText text={t("email.application.note", { note: data.note })} /> : null}
      <Button href={data.url} style={{ backgroundColor: "#7a2e1d", color: "#ffffff", padding: "10px 18px", borderRadius: "4px" }}>
        {t(kind === "appointment" ? "email.application.openLetter" : "email.application.open")}
      </Button>
      <Text style={{ color: "#52606d" }}>{t("email.application.signIn")}</Text>
    </EmailLayout>
  );
}

export function applicationRenderer(kind: ApplicationMessageKind) {
  return (t: TFunction, lang: string, data: ApplicationMessageData): Promise<RenderedEmail> =>
    renderEmail(t(`email.application.${kind}.subject`, { status: t(`pipeline.status.${data.status}`) }), <ApplicationEmail t={t} lang={lang} kind={kind} data={data} />);
}

import { Body } from "@react-email/body";
import { Container } from "@react-email/container";
import { Head } from "@react-email/head";
import { Heading } from "@react-email/heading";
import { Hr } from "@react-email/hr";
import { Html } from "@react-email/html";
import { Link } from "@react-email/link";
import { Preview } from "@react-email/preview";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import type { UnsubscribeTarget } from "#app/modules/notifications/unsubscribe.server.ts";

/** Data of the messages people may stop (calls for help, reminders). */
export interface Unsubscribable {
  /** Whose mail of which kind the link stops: set when the message is queued. */
  unsubscribe?: UnsubscribeTarget;
  /** The signed link, added by the delivery worker as the message leaves (never stored). */
  unsubscribeUrl?: string;
}

/** The footer's "stop these emails" line, when the message has an unsubscribe link. */
export function unsubscribeLine(t: TFunction, data: Unsubscribable): LayoutProps["unsubscribe"] {
  return data.unsubscribe && data.unsubscribeUrl ? { url: data.unsubscribeUrl, text: t(`email.unsubscribe.${data.unsubscribe.kind}`) } : undefined;
}

export interface LayoutProps {
  lang: string;
  preview: string;
  libraryName: string;
  /** Why the person gets this message (required in every footer). */
  footer: string;
  unsubscribe?: { url: string; text: string };
  children: ReactNode;
}

export function EmailLayout({ lang, preview, libraryName, footer, unsubscribe, children }: LayoutProps) {
  return (
    <Html lang={lang}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: "#f6f4ef", fontFamily: "'PingFang SC','Microsoft YaHei',Arial,sans-serif", color: "#1f2933" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px", margin: "24px auto" }}>
          <Heading as="h1" style={{ fontSize: "20px", color: "#7a2e1d", margin: "0 0 16px" }}>
            {libraryName}
          </Heading>
          <Section>{children}</Section>
          <Hr />
          <Text style={{ fontSize: "12px", color: "#52606d" }}>{footer}</Text>
          {unsubscribe ? (
            <Text style={{ fontSize: "12px", color: "#52606d" }}>
              <Link href={unsubscribe.url} style={{ color: "#52606d" }}>
                {unsubscribe.text}
              </Link>
            </Text>
          ) : null}
        </Container>
      </Body>
    </Html>
  );
}

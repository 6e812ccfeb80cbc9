import { Body, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

export interface LayoutProps {
  lang: string;
  preview: string;
  libraryName: string;
  /** Why the person gets this message (required in every footer). */
  footer: string;
  children: ReactNode;
}

export function EmailLayout({ lang, preview, libraryName, footer, children }: LayoutProps) {
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
        </Container>
      </Body>
    </Html>
  );
}

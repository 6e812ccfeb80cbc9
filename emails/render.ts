import { plainTextSelectors, render } from "@react-email/render";
import { compile } from "html-to-text";
import type { ReactElement } from "react";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

// react-email's own plain-text conversion (its selectors, no word wrap), compiled once: its
// toPlainText compiles the converter again for every message.
const toPlainText = compile({ wordwrap: false, selectors: plainTextSelectors });

/**
 * Every message has an HTML part and a plain-text part from the same template: React renders
 * once and the text is derived from that HTML, exactly as react-email's plainText render does.
 */
export async function renderEmail(subject: string, element: ReactElement): Promise<RenderedEmail> {
  const html = await render(element);
  return { subject, html, text: toPlainText(html) };
}

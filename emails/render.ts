import { compile, type SelectorDefinition } from "html-to-text";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

// react-email's own plain-text selectors (images and [data-skip-in-text] left out, links without
// brackets), written here so that its render package — which loads prettier, about 20 MB of memory
// in every process — is not needed at run time; tests/unit/email-render.test.tsx checks they agree.
export const plainTextSelectors: SelectorDefinition[] = [
  { selector: "img", format: "skip" },
  { selector: "[data-skip-in-text=true]", format: "skip" },
  { selector: "a", options: { linkBrackets: false, hideLinkHrefIfSameAsText: true } },
];

// Compiled once (no word wrap): html-to-text's convert compiles the converter again for every message.
const toPlainText = compile({ wordwrap: false, selectors: plainTextSelectors });

// The doctype react-email's render puts before every message (mail clients expect XHTML 1.0).
const DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

/**
 * Every message has an HTML part and a plain-text part from the same template: React renders
 * once, to a string, and the text is derived from that HTML, as react-email's plainText render does.
 *
 * Not react-email's `render`: it streams through React 18's `renderToPipeableStream`, which writes
 * its whole 2 KB buffer when a 3-byte character does not fit at its end, so NUL bytes land inside
 * Chinese text (docs/decisions/0016-web-stream-render.md). Our templates are synchronous; the string
 * renderer builds the document as a JavaScript string and never encodes it in between.
 */
export async function renderEmail(subject: string, element: ReactElement): Promise<RenderedEmail> {
  const html = DOCTYPE + renderToStaticMarkup(element);
  return { subject, html, text: toPlainText(html) };
}

import { Text } from "@react-email/text";
import { Fragment, type CSSProperties } from "react";

/**
 * Text a person typed (shift notes, an event's description, a reason): its line breaks become
 * <br/> in the HTML part (each line escaped by React) and real newlines in the plain-text part.
 * CSS `white-space: pre-wrap` alone is lost in the text part and in mail programs that drop styles.
 */
export function MultilineText({ text, style }: { text: string; style?: CSSProperties }) {
  const lines = text.split(/\r\n|\r|\n/);
  return (
    <Text style={style}>
      {lines.map((line, i) => (
        <Fragment key={i}>
          {i > 0 ? <br /> : null}
          {line}
        </Fragment>
      ))}
    </Text>
  );
}

// Pages are rendered by React's web-stream renderer (app/entry.server.tsx): its bytes are the text it
// was given, wherever a 3-byte character falls against its 2 KB buffers. (React 18's Node renderer
// wrote whole buffers with zeros where a character did not fit.)
import { renderToReadableStream } from "react-dom/server.browser";
import { describe, expect, it } from "vitest";
import { cjk } from "#tests/support/text.ts";

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream as unknown as AsyncIterable<Uint8Array>) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

describe("page bytes", () => {
  it("a page of Chinese text at every offset across several 2 KB buffers is valid UTF-8 with no NUL, and says what it was given", async () => {
    const bad: number[] = [];
    // Padding of 0 to 700 ASCII bytes moves the Chinese text across every position of a buffer.
    for (let pad = 0; pad <= 700; pad++) {
      const text = cjk(1500, pad);
      const stream = await renderToReadableStream(
        <html lang="zh-CN">
          <body>
            <p>{"x".repeat(pad)}</p>
            <p>{text}</p>
            <ul>
              {Array.from({ length: 20 }, (_, i) => (
                <li key={i}>{cjk(i * 7 + 1, i)}</li>
              ))}
            </ul>
          </body>
        </html>,
      );
      await stream.allReady;
      const bytes = await bytesOf(stream);
      let html: string;
      try {
        html = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        bad.push(pad);
        continue;
      }
      if (bytes.includes(0) || html.includes("\uFFFD") || !html.includes(text)) bad.push(pad);
    }
    expect(bad).toEqual([]);
  }, 60_000);
});

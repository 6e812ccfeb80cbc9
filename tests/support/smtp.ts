// A real SMTP server on loopback, in the test process, that parses what it receives.
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface TestSmtpServer {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** Makes the next `count` deliveries fail with `code` (451: try later; 550: never). */
  failNext(count: number, code?: number): void;
  waitFor(predicate: (m: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

export async function startSmtpServer(
  onMessage?: (m: ParsedMail) => void,
  options: { port?: number; delayMs?: number } = {},
): Promise<TestSmtpServer> {
  const messages: ParsedMail[] = [];
  const waiters = new Set<() => void>();
  let failures = 0;
  let failureCode = 451;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      if (failures > 0) {
        failures--;
        stream.resume();
        const text = failureCode >= 500 ? "Mailbox unavailable" : "Try again later";
        stream.on("end", () => callback(Object.assign(new Error(text), { responseCode: failureCode })));
        return;
      }
      simpleParser(stream).then(
        async (mail) => {
          if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
          messages.push(mail);
          onMessage?.(mail);
          for (const wake of waiters) wake();
          callback();
        },
        (error) => callback(error),
      );
    },
  });
  server.on("error", () => {}); // a client that dies mid-message resets its connection: expected in fault tests
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    failNext: (count, code = 451) => {
      failures = count;
      failureCode = code;
    },
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No matching message within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function recipients(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((a) => a.value.map((v) => v.address?.toLowerCase() ?? ""));
}

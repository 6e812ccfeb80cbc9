// Which SMTP failures are worth retrying. RFC 5321: 4xx replies are transient, 5xx permanent;
// a connection that fails (refused, reset, timed out) is transient too.

export interface SmtpFailure {
  permanent: boolean;
  /** What the server (or the network) said, for the delivery page. */
  detail: string;
}

export function classifySmtpError(error: unknown): SmtpFailure {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  const detail = (e?.response ?? e?.message ?? String(error)).slice(0, 1000);
  if (typeof e?.responseCode === "number") {
    return { permanent: e.responseCode >= 500 && e.responseCode < 600, detail };
  }
  // Addresses nodemailer refuses before talking to any server can never succeed.
  if (e?.code === "EENVELOPE" || e?.code === "EMESSAGE") return { permanent: true, detail };
  return { permanent: false, detail };
}

import { describe, expect, it } from "vitest";
import { classifySmtpError } from "#app/modules/notifications/smtp-errors.ts";

describe("which SMTP failures are retried", () => {
  it("retries 4xx answers and network failures", () => {
    expect(classifySmtpError({ responseCode: 451, response: "451 Try again later" })).toEqual({ permanent: false, detail: "451 Try again later" });
    expect(classifySmtpError({ responseCode: 421, response: "421 Service not available" }).permanent).toBe(false);
    expect(classifySmtpError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:25"), { code: "ECONNECTION" }))).toEqual({
      permanent: false,
      detail: "connect ECONNREFUSED 127.0.0.1:25",
    });
    expect(classifySmtpError(Object.assign(new Error("Greeting never received"), { code: "ETIMEDOUT" })).permanent).toBe(false);
  });

  it("gives up at once on 5xx answers and on messages no server could take", () => {
    expect(classifySmtpError({ responseCode: 550, response: "550 Mailbox unavailable" })).toEqual({ permanent: true, detail: "550 Mailbox unavailable" });
    expect(classifySmtpError({ responseCode: 554, response: "554 Rejected" }).permanent).toBe(true);
    expect(classifySmtpError(Object.assign(new Error("No recipients defined"), { code: "EENVELOPE" })).permanent).toBe(true);
  });

  it("keeps the detail short enough to store and show", () => {
    expect(classifySmtpError({ responseCode: 451, response: "x".repeat(5000) }).detail).toHaveLength(1000);
    expect(classifySmtpError("odd").detail).toBe("odd");
  });
});

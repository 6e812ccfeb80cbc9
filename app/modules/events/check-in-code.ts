// A registration's check-in code (written by the database: db/migrations/…-registration-check-in-codes)
// as people see and type it. Eight characters of Crockford's base32, shown as "K7QM-3XPA"; what the
// desk types or scans is read forgivingly: any case, spaces and dashes ignored, O read as 0 and I or
// L as 1 (the alphabet has none of them, so nothing is misread).
import { z } from "zod";

const ALPHABET = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{8}$/;

/** The stored form of what was typed or scanned, or null when it cannot be a check-in code. */
export function readCheckInCode(input: string): string | null {
  if (input.length > 40) return null;
  const code = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  return ALPHABET.test(code) ? code : null;
}

/** "K7QM3XPA" → "K7QM-3XPA": the form on the reader's page and inside the QR code. */
export function showCheckInCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The desk's typed or scanned code, for the form's constraint attributes and the server check. */
export const checkInCodeSchema = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(40, "validation.tooLong:40")
  .transform((v, ctx) => {
    const code = readCheckInCode(v);
    if (!code) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "events.errors.codeMalformed" });
    return code ?? "";
  });

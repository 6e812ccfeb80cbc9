// Values as they arrive from a form or a query string, checked before anything reaches a query.
// PostgreSQL refuses a NUL in text and an integer above 2³¹−1 with an error (a 500 to the person),
// and an impossible date ("2026-02-30") fails inside luxon or SQL: each is refused here instead,
// with a message key shown beside the field or filter. Used by the browser (conform) and the server.
import { DateTime } from "luxon";
import { z } from "zod";

/** The largest value of a PostgreSQL `integer` (every id and count column here). */
export const PG_INT_MAX = 2_147_483_647;

// Control characters: none in one-line text; multi-line text keeps tab and line breaks (a
// textarea posts CRLF).
const CONTROL = /[\u0000-\u001F\u007F]/;
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function hasControlCharacters(value: string, { multiline = false } = {}): boolean {
  return (multiline ? CONTROL_MULTILINE : CONTROL).test(value);
}

/** Typed text, trimmed, at most `max` characters, without control characters. */
export function safeText(max: number, { multiline = false } = {}) {
  return z
    .string({ required_error: "validation.required" })
    .trim()
    .max(max, `validation.tooLong:${max}`)
    .refine((v) => !hasControlCharacters(v, { multiline }), "validation.control");
}

/** A code chosen from a list (a branch's code, a room's code): letters, digits, "-" and "_". */
export const code = (max = 20) =>
  z
    .string({ required_error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .max(max, `validation.tooLong:${max}`)
    .regex(/^[A-Za-z0-9_-]+$/, "validation.choice");

/** A day that exists on the calendar ("2026-02-30" does not), in years any record here can have. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const day = DateTime.fromISO(value, { zone: "UTC" });
  return day.isValid && day.year >= 1900 && day.year <= 2200;
}
export const calendarDate = z.string({ required_error: "validation.required" }).refine(isCalendarDate, "validation.date");

/**
 * A whole number written in decimal digits, from `min` to `max`: "0x10", "1e3" and "16.0" are
 * refused (`z.coerce.number` took them), and a blank is "required".
 */
export const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v !== "string" ? v : v.trim() === "" ? undefined : /^\s*-?\d{1,12}\s*$/.test(v) ? Number(v) : v),
    z.number({ required_error: "validation.required", invalid_type_error: "validation.integer" }).int("validation.integer").min(min, `validation.min:${min}`).max(max, `validation.max:${max}`),
  );

/** A row id (or any count held in an `integer` column): a whole number from 1 to 2³¹−1. */
export const intId = wholeNumber(1, PG_INT_MAX);

const blank = (v: unknown) => (v === undefined || (typeof v === "string" && v.trim() === "") ? undefined : v);
export const optionalIntId = z.preprocess(blank, intId.optional());

/** A ticked box ("on"; "true" from scripts), or none (absent or blank); any other value is refused. */
export const checkbox = z.preprocess((v) => (v === undefined || v === "" ? false : v === "on" || v === "true" || v === true ? true : v), z.boolean({ invalid_type_error: "validation.invalid" }));

/** One of a fixed list of values; anything else is refused with "choose from the list". */
export const oneOf = <U extends string, T extends Readonly<[U, ...U[]]>>(values: T) => z.enum(values, { errorMap: () => ({ message: "validation.choice" }) });

/**
 * A posted form as an object for its schema. A field sent twice stays an array, so a schema that
 * expects one value refuses it (`Object.fromEntries` kept the last one without a word); fields a
 * schema reads as lists (`list(...)`) take either.
 */
export function formValues(formData: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const values: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const name of new Set(formData.keys())) {
    const all = formData.getAll(name);
    values[name] = all.length === 1 ? all[0] : all;
  }
  return values;
}

// Messages for what no schema names: a second value where one is expected, a value of the wrong
// kind, a choice not on the list. Set once for every schema, in the browser and on the server.
z.setErrorMap((issue, ctx) => {
  if (issue.code === "invalid_type" && issue.received === "array") return { message: "validation.duplicated" };
  if (issue.code === "invalid_type" && issue.received !== "undefined") return { message: "validation.invalid" };
  if (issue.code === "invalid_enum_value" || issue.code === "invalid_literal" || issue.code === "invalid_union_discriminator") return { message: "validation.choice" };
  return { message: ctx.defaultError };
});

export type FilterErrors = Record<string, string>;

/**
 * A page's GET filters, each checked by its own schema. A refused value (or one sent twice) is
 * left out, so the page still shows, and its message goes beside that filter; an empty value
 * means "any".
 */
export function parseFilters<T extends z.ZodRawShape>(url: string | URL, shape: T): { filters: { [K in keyof T]?: z.output<T[K]> }; errors: FilterErrors } {
  const params = new URL(url).searchParams;
  const filters: Record<string, unknown> = {};
  const errors: FilterErrors = {};
  for (const [name, schema] of Object.entries(shape)) {
    const values = params.getAll(name).filter((v) => v !== "");
    if (values.length === 0) continue;
    if (values.length > 1) {
      errors[name] = "validation.duplicated";
      continue;
    }
    const parsed = schema.safeParse(values[0]);
    if (parsed.success) filters[name] = parsed.data;
    else errors[name] = parsed.error.issues[0].message;
  }
  return { filters: filters as { [K in keyof T]?: z.output<T[K]> }, errors };
}

/** A page with a refused filter answers 400 (it still shows, with the message beside the filter). */
export const filterStatus = (errors: FilterErrors) => ({ status: Object.keys(errors).length > 0 ? 400 : 200 });

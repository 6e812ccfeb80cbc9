// One form shape (docs/decisions/0032-one-form-shape.md): every action parses its form with one zod
// schema through conform, and answers with one result, conform's reply — which carries every
// field's messages and what was typed — plus which form on the page answered and what was done.
// The browser validates with the same function and schema, so both say the same thing.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { oneOf } from "#app/lib/input.ts";

export interface ParseOptions {
  /**
   * Read an empty field as absent and coerce numbers and ticks (conform's own reading). Off by
   * default: the field types of `input.ts` read the form as it was typed (text, "" for an empty
   * field, a list for a field sent twice) and say themselves what a blank means.
   */
  blankIsMissing?: boolean;
}

/** A posted form checked by its schema: conform's submission (`status`, `value`, `reply()`). */
export function parseSubmission<Schema extends z.ZodTypeAny>(formData: FormData | URLSearchParams, schema: Schema, options: ParseOptions = {}) {
  return parseWithZod(formData, { schema, disableAutoCoercion: !options.blankIsMissing });
}

/**
 * The one parse of every action: the request's form (or a form already read) by its schema. A
 * POST without a body (server.ts refuses any body that is not a form) is an empty form.
 */
export async function parseForm<Schema extends z.ZodTypeAny>(source: Request | FormData, schema: Schema, options: ParseOptions = {}) {
  const formData = source instanceof Request ? (source.headers.has("Content-Type") ? await source.formData() : new FormData()) : source;
  return parseSubmission(formData, schema, options);
}

/**
 * The schema of a form with several buttons or forms behind one action: which `intent` was sent
 * (one of `intents`; absent means `fallback`, or is refused without one). Where every intent's schema is a plain object, one
 * `z.discriminatedUnion("intent", …)` does instead; a schema with cross-field checks cannot go in
 * a union, so the action parses the intent with this first and then the intent's own schema.
 */
export const intentSchema = <T extends Readonly<[string, ...string[]]>>(intents: T, fallback?: T[number]) =>
  z.object({ intent: z.preprocess((v) => (v === undefined || v === "" ? fallback : v), oneOf(intents)) }).passthrough();

/**
 * What every action answers (or it redirects): conform's reply — `status` "error" with every
 * field's messages in `error` (the form's own under "") and what was typed in `initialValue`, or
 * "success" — the form on the page that answered, a message key for what was done, and data
 * the page shows about it.
 */
export type ActionResult<Data = undefined> = SubmissionResult<string[]> & { form?: string; message?: string; data?: Data };

/** The result when it answers the given form of the page (several forms share one action). */
export function resultFor<R extends ActionResult<unknown>>(result: R | undefined, form: string): R | undefined {
  return result?.form === form ? result : undefined;
}

/** A field's messages in a result ("" for the form's own), if any. */
export function fieldErrors(result: ActionResult<unknown> | undefined, name: string): string[] | undefined {
  const errors = result?.error?.[name];
  return errors?.length ? errors : undefined;
}

/** Every field's first message in a result, by field name (the form's own under "form"). */
export function errorMessages(result: ActionResult<unknown> | undefined): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const [name, errors] of Object.entries(result?.error ?? {})) if (errors?.length) messages[name === "" ? "form" : name] = errors[0];
  return messages;
}

/** Everything typed into a refused form's one-value fields, by name (empty when nothing came back). */
export function typedValues(result: ActionResult<unknown> | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  if (result?.status === "error") for (const [name, value] of Object.entries(result.initialValue ?? {})) if (typeof value === "string") values[name] = value;
  return values;
}

/** What was typed into a field, as the refused form sent it (undefined when nothing came back). */
export function typed(result: ActionResult<unknown> | undefined, name: string): string | undefined {
  const value = result?.status === "error" ? result.initialValue?.[name] : undefined;
  return typeof value === "string" ? value : undefined;
}

// The two answers of an action besides a redirect (the shape is ActionResult in form.ts).
import type { Submission } from "@conform-to/react";
import { data } from "@remix-run/node";
import type { ActionResult } from "#app/lib/form.ts";

export { parseForm } from "#app/lib/form.ts";

/** A field name → message map as modules return it; "form" (or "") is the form's own message. */
export type Errors = Partial<Record<string, string | string[] | undefined>>;

type AnySubmission = Submission<unknown, string[], unknown>;

/**
 * A refused form: 400 (or `status`) with every field's messages — the schema's and `errors` from
 * the module — and what was typed, except `hide` (passwords, codes); `data` says more (a clash).
 */
export function refuse<Data = never>(submission: AnySubmission, { errors = {}, form, status = 400, hide, data: payload }: { errors?: Errors; form?: string; status?: number; hide?: string[]; data?: Data } = {}) {
  const formErrors: string[] = [];
  const fieldErrors: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(errors)) {
    if (value === undefined) continue;
    const list = Array.isArray(value) ? value : [value];
    if (name === "form" || name === "") formErrors.push(...list);
    else fieldErrors[name] = list;
  }
  const reply = submission.reply({ formErrors: formErrors.length ? formErrors : undefined, fieldErrors, hideFields: hide });
  const result: ActionResult<Data> = { ...reply, status: "error", form, data: payload };
  return data(result, { status });
}

/**
 * A form that did what it asked: the message saying so and data the page shows about it. Given
 * to conform as `lastResult`, it empties the form (`initialValue: null`, as `reply({ resetForm })`).
 */
export function done<Data = undefined>({ form, message, data: payload }: { form?: string; message?: string; data?: Data } = {}): ActionResult<Data> {
  return { status: "success", initialValue: null, form, message, data: payload };
}

/**
 * `refuse` for a route without a page (sign-out, language): the same answer, as the real Response
 * such a route must return — Remix would otherwise send `data()`'s wrapper as JSON with a 200.
 */
export function refuseResponse(submission: AnySubmission, options: Parameters<typeof refuse>[1] = {}) {
  const answer = refuse(submission, options);
  return Response.json(answer.data, { status: answer.init?.status ?? 400 });
}

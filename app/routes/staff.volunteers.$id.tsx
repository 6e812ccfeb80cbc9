import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldError, FormError, TextAreaField, TextField } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { ConfirmForm, ConfirmStep, useConfirming } from "#app/components/confirm.tsx";
import { requireStaff } from "#app/web/guards.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { formatHours, formatInstant, formatTimeSpan } from "#app/lib/time.ts";
import { parseForm, refuse } from "#app/lib/form.server.ts";
import { fieldErrors, intentSchema, parseSubmission, resultFor, typed, type ActionResult } from "#app/lib/form.ts";
import { liftSchema, suspendSchema, SUSPENSION_REASON_MAX, VOLUNTEER_NOTE_MAX, volunteerNoteSchema } from "#app/modules/volunteers/schemas.ts";
import { addVolunteerNote, volunteerRecord } from "#app/modules/volunteers/directory.server.ts";
import { listRoles } from "#app/modules/branches/branches.server.ts";
import { STATUS_LABEL } from "#app/modules/volunteers/status.ts";
import { changeSuspension } from "#app/modules/volunteers/suspension.server.ts";
import { getServices } from "#app/services.server.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "volunteerRecord");

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

async function guard(request: Request, id: string | undefined) {
  const user = await requireStaff(request, "volunteer.view");
  const parsed = idSchema.safeParse(id);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  return { user, id: parsed.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, id } = await guard(request, params.id);
  const { db } = await getServices();
  const [volunteer, roles] = await Promise.all([volunteerRecord(db, user, id), listRoles(db)]);
  if (volunteer === "not-found") throw new Response("Not Found", { status: 404 });
  if (volunteer === "forbidden") throw new Response("Forbidden", { status: 403 });
  const page = { volunteer, roles: roles.map((r) => ({ id: r.id, name_zh: r.name_zh, name_en: r.name_en })) };
  // Asked to confirm a suspension: a reason the action would refuse is answered here, beside the
  // field (400), instead of a question that cannot succeed.
  const asked = new URL(request.url).searchParams;
  if (asked.get("confirm") === "suspend") {
    const submission = parseSubmission(asked, suspendSchema);
    if (submission.status !== "success") return data({ ...page, refused: submission.reply() }, { status: 400 });
  }
  return data({ ...page, refused: undefined });
}

const volunteerIntent = intentSchema(["note", "suspend", "lift"] as const);
const intentSchemas = { note: volunteerNoteSchema, suspend: suspendSchema, lift: liftSchema };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, id } = await guard(request, params.id);
  const formData = await request.formData();
  const chosen = await parseForm(formData, volunteerIntent);
  if (chosen.status !== "success") return refuse(chosen, { errors: { form: "events.errors.unknownAction" } });
  // Each form's result names it: the note, the suspension or the lift (the page has one of the two).
  const form = chosen.value.intent;
  const submission = await parseForm(formData, intentSchemas[form]);
  if (submission.status !== "success") return refuse(submission, { form });
  const { db } = await getServices();
  if (submission.value.intent === "note") {
    const outcome = await addVolunteerNote(db, user, { user, requestId: context.requestId }, id, submission.value.body);
    if (outcome === "not-found") throw new Response("Not Found", { status: 404 });
    if (outcome === "forbidden") throw new Response("Forbidden", { status: 403 });
    throw redirect(`/staff/volunteers/${id}?done=note#notes`);
  }
  const result = await changeSuspension(appDeps(await getServices()), user, id, submission.value, context.requestId);
  if (!result.ok) return refuse(submission, { form, errors: result.errors, status: result.status });
  throw redirect(`/staff/volunteers/${id}?done=${submission.value.intent}`);
}

export default function VolunteerForStaff() {
  const { volunteer: v, roles, refused } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const note = resultFor(result, "note");
  // Suspending and lifting share the panel: a refusal of either (someone else changed the status
  // meanwhile) is shown by the form the page now has.
  const suspension = resultFor(result, "suspend") ?? resultFor(result, "lift");
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const done = params.get("done");
  const confirming = useConfirming();
  const roleName = new Map(roles.map((r) => [r.id, localized(r, "name")]));
  // Suspending asks first (also without JavaScript): the form leads here with the reason typed.
  if (confirming === "suspend" && !refused && v.suspendable && v.status !== "suspended") {
    const reason = params.get("reason") ?? "";
    return (
      <ConfirmStep headingLevel={1} title={t("confirm.suspend", { name: v.name })} confirmLabel={t("confirm.suspendYes")} fields={{ intent: "suspend", reason }}>
        <p>{t("suspension.lead")}</p>
        {v.upcoming.length ? <p>{t("confirm.suspendUpcoming", { count: v.upcoming.length })}</p> : null}
        <p>{t("confirm.reason", { reason })}</p>
      </ConfirmStep>
    );
  }
  return (
    <>
      <p className="no-print">
        <Link to="/staff/volunteers">← {t("directory.title")}</Link>
        {v.application_id ? (
          <>
            {" · "}
            <Link to={`/staff/applications/${v.application_id}`}>{t("suspension.application")}</Link>
          </>
        ) : null}
      </p>
      <h1>{v.name}</h1>
      {done === "note" ? (
        <p className="notice" role="status">
          {t("directory.noteAdded")}
        </p>
      ) : null}
      {done === "suspend" || done === "lift" ? (
        <p className="notice" role="status">
          {t(done === "suspend" ? "suspension.suspended" : "suspension.lifted")}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("volunteer.status")}</dt>
        <dd>{t(STATUS_LABEL[v.status])}</dd>
        <dt>{t("suspension.number")}</dt>
        <dd>{v.volunteer_number ?? "—"}</dd>
        <dt>{t("apply.email")}</dt>
        <dd>{v.email}</dd>
        <dt>{t("apply.phone")}</dt>
        <dd>{v.phone ?? "—"}</dd>
        <dt>{t("apply.branches")}</dt>
        <dd>{v.branches.map((b) => localized(b, "name")).join("、") || "—"}</dd>
        <dt>{t("directory.card")}</dt>
        <dd>{v.profile.card_number ?? "—"}</dd>
        <dt>{t("volunteer.homeBranch")}</dt>
        <dd>{v.branches.find((b) => b.code === v.profile.home_branch_code) ? localized(v.branches.find((b) => b.code === v.profile.home_branch_code)!, "name") : "—"}</dd>
        <dt>{t("directory.roles")}</dt>
        <dd>{v.profile.preferred_roles.map((r) => roleName.get(r) ?? r).join("、") || "—"}</dd>
        <dt>{t("directory.appointedAt")}</dt>
        <dd>{v.profile.appointed_at ? formatInstant(v.profile.appointed_at, v.timezone, i18n.language) : "—"}</dd>
        <dt>{t("directory.skills")}</dt>
        <dd>{[v.profile.skills, v.profile.languages_spoken].filter(Boolean).join(" · ") || "—"}</dd>
        <dt>{t("directory.hours")}</dt>
        <dd>{formatHours(v.minutes)}</dd>
        <dt>{t("directory.noShows")}</dt>
        <dd>{v.noShows}</dd>
        <dt>{t("directory.lastServed")}</dt>
        <dd>{v.lastServed ?? t("directory.never")}</dd>
      </dl>

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("directory.history")}</h2>
        {v.history.length === 0 ? (
          <p className="muted">{t("directory.noHistory")}</p>
        ) : (
          <ol className="history">
            {v.history.map((e) => (
              <li key={e.id}>
                {formatInstant(e.at, v.timezone, i18n.language)} · {t(`pipeline.status.${e.to_status}`)}
                {e.actor ? ` · ${e.actor}` : ""}
                {e.note ? ` · ${e.note}` : ""}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="trainings-title">
        <h2 id="trainings-title">{t("directory.trainings")}</h2>
        {v.trainings.length === 0 ? (
          <p className="muted">{t("volunteer.noTrainings")}</p>
        ) : (
          <ul>
            {v.trainings.map((tr) => (
              <li key={tr.id}>
                {localized(tr, "name")} · {t("volunteer.completedOn", { date: formatInstant(tr.completed_at, v.timezone, i18n.language) })}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">{t("directory.upcoming", { count: v.upcoming.length })}</h2>
        <ShiftTable rows={v.upcoming} />
      </section>
      <section aria-labelledby="past-title">
        <h2 id="past-title">{t("directory.past", { count: v.past.length })}</h2>
        <ShiftTable rows={v.past} />
      </section>

      <section aria-labelledby="notes" className="panel">
        <h2 id="notes">{t("directory.notes")}</h2>
        <Form method="post" aria-labelledby="notes">
          <input type="hidden" name="intent" value="note" />
          <div className="form-field">
            <label htmlFor="note-body">{t("directory.noteLabel", { max: VOLUNTEER_NOTE_MAX })}</label>
            <textarea
              id="note-body"
              name="body"
              rows={3}
              required
              maxLength={VOLUNTEER_NOTE_MAX}
              defaultValue={typed(note, "body")}
              aria-invalid={fieldErrors(note, "body") ? true : undefined}
              aria-describedby={fieldErrors(note, "body") ? "note-body-error" : undefined}
            />
            <FieldError id="note-body-error" errors={fieldErrors(note, "body")} />
          </div>
          <button type="submit" className="button">
            {t("directory.addNote")}
          </button>
        </Form>
        {v.notes.length === 0 ? (
          <p className="muted">{t("directory.noNotes")}</p>
        ) : (
          <ul className="notes">
            {v.notes.map((n) => (
              <li key={n.id}>
                <p className="muted">
                  {formatInstant(n.at, v.timezone, i18n.language)} · {n.author}
                </p>
                <p className="multiline">{n.body}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="suspension-title">
        <h2 id="suspension-title">{t("suspension.title")}</h2>
        {v.status === "suspended" && v.suspended_at ? (
          <>
            <p>
              {t("suspension.since", { when: formatInstant(v.suspended_at, v.timezone, i18n.language), by: v.suspended_by_name ?? "—" })}
            </p>
            <p>
              {t("suspension.reasonWas")}: {v.suspension_reason}
            </p>
            <p>{t("suspension.liftLead", { status: t(STATUS_LABEL[v.status_before_suspension ?? "appointed"]) })}</p>
            <SuspensionForm intent="lift" lastResult={suspension} />
          </>
        ) : v.suspendable ? (
          <>
            <p>{t("suspension.lead")}</p>
            <SuspensionForm intent="suspend" lastResult={suspension ?? refused} />
          </>
        ) : (
          <p>{t("suspension.notVolunteer")}</p>
        )}
      </section>
    </>
  );
}

function ShiftTable({ rows }: { rows: Array<{ bookingId: number; shiftId: number; status: string; startsAt: string | Date; endsAt: string | Date; timezone: string; branchZh: string; branchEn: string; roleZh: string; roleEn: string; noShow: boolean; minutes: number; shiftCancelled: boolean }> }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  if (rows.length === 0) return <p className="muted">{t("directory.noShifts")}</p>;
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t("shifts.when")}</th>
            <th scope="col">{t("shifts.branch")}</th>
            <th scope="col">{t("shifts.role")}</th>
            <th scope="col">{t("shifts.status")}</th>
            <th scope="col">{t("directory.hours")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr key={b.bookingId}>
              <td>
                <Link to={`/staff/shifts/${b.shiftId}`}>{formatTimeSpan(b.startsAt, b.endsAt, b.timezone, i18n.language)}</Link>
              </td>
              <td>{en ? b.branchEn : b.branchZh}</td>
              <td>{en ? b.roleEn : b.roleZh}</td>
              <td>{b.shiftCancelled ? t("plan.state.cancelled") : b.noShow ? t("directory.noShow") : t(`directory.booking.${b.status}`)}</td>
              <td>{formatHours(b.minutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SuspensionForm({ intent, lastResult }: { intent: "suspend" | "lift"; lastResult?: ActionResult<unknown> }) {
  const { t } = useTranslation();
  const schema = intent === "suspend" ? suspendSchema : liftSchema;
  // One form per intent: suspending shows the lift form and lifting the suspend form, so each
  // starts empty after the redirect. (An id that changed with the location left conform's
  // messages unshown after hydration.)
  const [form, fields] = useForm({
    id: `${intent}-form`,
    lastResult,
    constraint: getZodConstraint(schema),
    // Checked only when sent, by the server (its reply carries every message): revalidating as
    // one types, without a check here, sent the form to the server on every keystroke, and a
    // check here (onValidate) left its message unshown on this page.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onSubmit",
  });
  if (intent === "suspend")
    // Suspending asks first: the reason goes to the confirmation step, whose button suspends.
    return (
      <ConfirmForm intent="suspend" sends={["intent", "reason"]} {...getFormProps(form)}>
        <FormError id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value={intent} />
        <TextAreaField meta={fields.reason} label={t("suspension.reason", { max: SUSPENSION_REASON_MAX })} />
        <button type="submit" className="button button--danger">
          {t("suspension.suspend")}
        </button>
      </ConfirmForm>
    );
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormError id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={intent} />
      <TextField meta={fields.reason} label={t("suspension.note", { max: SUSPENSION_REASON_MAX })} />
      <button type="submit" className="button">
        {t("suspension.lift")}
      </button>
    </Form>
  );
}

import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormError, TextAreaField, TextField } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { formatInstant } from "#app/lib/time.ts";
import { liftSchema, suspendSchema, suspensionSchema, SUSPENSION_REASON_MAX } from "#app/modules/volunteers/schemas.ts";
import { STATUS_LABEL } from "#app/modules/volunteers/status.ts";
import { changeSuspension, volunteerForStaff } from "#app/modules/volunteers/suspension.server.ts";
import { getServices } from "#app/services.server.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "volunteerRecord");

const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

async function guard(request: Request, id: string | undefined) {
  const user = await requireStaff(request, ["administrator", "coordinator"]);
  const parsed = idSchema.safeParse(id);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  return { user, id: parsed.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, id } = await guard(request, params.id);
  const volunteer = await volunteerForStaff((await getServices()).db, user, id);
  if (volunteer === "not-found") throw new Response("Not Found", { status: 404 });
  if (volunteer === "forbidden") throw new Response("Forbidden", { status: 403 });
  return { volunteer };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, id } = await guard(request, params.id);
  const submission = parseWithZod(await request.formData(), { schema: suspensionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const result = await changeSuspension(appDeps(await getServices()), user, id, submission.value, context.requestId);
  if (!result.ok) return data({ result: submission.reply({ formErrors: [result.errors.form] }) }, { status: result.status });
  throw redirect(`/staff/volunteers/${id}?done=${submission.value.intent}`);
}

export default function VolunteerForStaff() {
  const { volunteer: v } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const done = params.get("done");
  return (
    <>
      {v.application_id ? (
        <p>
          <Link to={`/staff/applications/${v.application_id}`}>← {t("suspension.application")}</Link>
        </p>
      ) : null}
      <h1>{v.name}</h1>
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
        <dt>{t("suspension.upcoming")}</dt>
        <dd>{v.upcomingBookings}</dd>
      </dl>

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
            <SuspensionForm intent="lift" lastResult={actionData?.result} />
          </>
        ) : v.suspendable ? (
          <>
            <p>{t("suspension.lead")}</p>
            <SuspensionForm intent="suspend" lastResult={actionData?.result} />
          </>
        ) : (
          <p>{t("suspension.notVolunteer")}</p>
        )}
      </section>
    </>
  );
}

function SuspensionForm({ intent, lastResult }: { intent: "suspend" | "lift"; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const schema = intent === "suspend" ? suspendSchema : liftSchema;
  // A new form after each redirect here, so a suspension lifted starts from an empty note.
  const location = useLocation();
  const [form, fields] = useForm({
    id: `${intent}-${location.key}`,
    lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormError id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={intent} />
      {intent === "suspend" ? (
        <TextAreaField meta={fields.reason} label={t("suspension.reason", { max: SUSPENSION_REASON_MAX })} />
      ) : (
        <TextField meta={fields.reason} label={t("suspension.note", { max: SUSPENSION_REASON_MAX })} />
      )}
      <button type="submit" className={intent === "suspend" ? "button button--danger" : "button"}>
        {t(intent === "suspend" ? "suspension.suspend" : "suspension.lift")}
      </button>
    </Form>
  );
}

import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError, FormError } from "#app/components/field.tsx";
import { getUser } from "#app/web/guards.server.ts";
import { codeRequestSchema, codeVerifySchema, volunteerSignInSchema } from "#app/modules/auth/schemas.ts";
import { startSession } from "#app/modules/auth/session.server.ts";
import { redeemSignInCode } from "#app/modules/auth/sign-in.server.ts";
import { sendVolunteerSignInCode } from "#app/modules/auth/volunteer-sign-in.server.ts";
import { getServices } from "#app/services.server.ts";
import { pageTitle } from "#app/components/page-title.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { parseSubmission, resultFor, typed } from "#app/lib/form.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "volunteerSignIn");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user?.kind === "volunteer") throw redirect("/volunteer");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  // Two steps behind one action: ask for a code by email, then type it (one schema, by intent).
  const submission = await parseForm(request, volunteerSignInSchema, { blankIsMissing: true });
  if (submission.status !== "success") return refuse(submission, { form: submission.payload.intent === "verify" ? "code" : "email", hide: ["code"] });
  const services = await getServices();
  if (submission.value.intent === "verify") {
    const volunteerId = await redeemSignInCode(services.db, services.config.sessionSecret, submission.value);
    if (volunteerId === null) return refuse(submission, { form: "code", errors: { code: "signIn.wrongCode" }, hide: ["code"] });
    const cookie = await startSession(services.db, services.config, request, { volunteerId });
    return redirect("/volunteer", { headers: { "Set-Cookie": cookie } });
  }
  const sent = await sendVolunteerSignInCode(services, { email: submission.value.email, ip: context.clientIp ?? "unknown" });
  if (!sent.ok && sent.reason === "rate-limited") return refuse(submission, { form: "email", errors: { email: `signIn.tooManyRequests:${sent.retryMinutes}` }, status: 429 });
  // The same answer whether or not a volunteer uses the address: the page must not tell who does.
  return done({ form: "code", data: { email: submission.value.email } });
}

export default function VolunteerSignIn() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const codeResult = resultFor(actionData, "code");
  return (
    <div className="card">
      <h1>{t("signIn.volunteerTitle")}</h1>
      {codeResult ? (
        <CodeForm email={codeResult.data?.email ?? typed(codeResult, "email") ?? ""} lastResult={codeResult.status === "error" ? codeResult : undefined} />
      ) : (
        <EmailForm lastResult={resultFor(actionData, "email")} />
      )}
    </div>
  );
}

function EmailForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "volunteer-email",
    lastResult,
    constraint: getZodConstraint(codeRequestSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseSubmission(formData, codeRequestSchema, { blankIsMissing: true }),
  });
  return (
    <>
      <p className="muted">{t("signIn.volunteerLead")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormError id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="request" />
        <div className="form-field">
          <label htmlFor={fields.email.id}>{t("signIn.email")}</label>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="email" />
          <FieldError id={fields.email.errorId} errors={fields.email.errors} />
        </div>
        <button type="submit" className="button">
          {t("signIn.sendCode")}
        </button>
      </Form>
    </>
  );
}

function CodeForm({ email, lastResult }: { email: string; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "volunteer-code",
    lastResult,
    constraint: getZodConstraint(codeVerifySchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseSubmission(formData, codeVerifySchema, { blankIsMissing: true }),
  });
  return (
    <>
      <p className="notice" role="status">
        {t("signIn.codeSent", { email })}
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormError id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="verify" />
        <input type="hidden" name="email" value={email} />
        <div className="form-field">
          <label htmlFor={fields.code.id}>{t("signIn.code")}</label>
          <input {...getInputProps(fields.code, { type: "text" })} inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
          <FieldError id={fields.code.errorId} errors={fields.code.errors} />
        </div>
        <div className="button-row">
          <button type="submit" className="button">
            {t("signIn.verify")}
          </button>
          <Link to="/volunteer/sign-in" reloadDocument>
            {t("signIn.useAnotherEmail")}
          </Link>
        </div>
      </Form>
    </>
  );
}

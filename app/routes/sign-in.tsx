import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError, FormError } from "#app/components/field.tsx";
import { getUser } from "#app/web/guards.server.ts";
import { safeRedirectPath } from "#app/lib/safe-redirect.ts";
import { staffCodeSchema, staffSignInSchema } from "#app/modules/auth/schemas.ts";
import { startSession } from "#app/modules/auth/session.server.ts";
import { attemptStaffCode, attemptStaffSignIn, failureMessage } from "#app/modules/auth/staff-sign-in.server.ts";
import { getServices } from "#app/services.server.ts";
import { pageTitle } from "#app/components/page-title.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { intentSchema, parseSubmission, resultFor, typed } from "#app/lib/form.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffSignIn");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user?.kind === "staff") throw redirect("/staff");
  return null;
}

const signInIntent = intentSchema(["password", "code"] as const, "password");

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const chosen = await parseForm(formData, signInIntent);
  if (chosen.status !== "success") return refuse(chosen, { form: "password", hide: ["password", "code"] });
  if (chosen.value.intent === "code") return codeStep(formData, request, context);
  const submission = await parseForm(formData, staffSignInSchema, { blankIsMissing: true });
  if (submission.status !== "success") return refuse(submission, { form: "password", hide: ["password"] });
  const services = await getServices();
  const result = await attemptStaffSignIn(services, { ...submission.value, ip: context.clientIp ?? "unknown", requestId: context.requestId });
  if (result.ok === false) {
    const [message, status] = failureMessage(result, result.reason === "inactive" ? "signIn.accountInactive" : "signIn.wrongPassword");
    return refuse(submission, { form: "password", errors: { password: message }, status, hide: ["password"] });
  }
  // A second factor: no session yet, the page asks for the code.
  if (result.ok === "code") return done({ form: "code", data: { challenge: result.challenge, redirectTo: submission.value.redirectTo ?? "" } });
  const cookie = await startSession(services.db, services.config, request, { staffId: result.staffId });
  return redirect(safeRedirectPath(submission.value.redirectTo, "/staff"), { headers: { "Set-Cookie": cookie } });
}

async function codeStep(formData: FormData, request: Request, context: ActionFunctionArgs["context"]) {
  const submission = await parseForm(formData, staffCodeSchema, { blankIsMissing: true });
  if (submission.status !== "success") return refuse(submission, { form: "code", hide: ["code"] });
  const services = await getServices();
  const result = await attemptStaffCode(services, { ...submission.value, ip: context.clientIp ?? "unknown", requestId: context.requestId });
  if (!result.ok) {
    // Too late: back to the password, with a word on why.
    if (result.reason === "expired") return refuse(submission, { form: "password", errors: { form: "signIn.totpExpired" }, hide: ["code"] });
    const [message, status] = failureMessage(result, "signIn.wrongTotp");
    return refuse(submission, { form: "code", errors: { code: message }, status, hide: ["code"] });
  }
  const cookie = await startSession(services.db, services.config, request, { staffId: result.staffId });
  return redirect(safeRedirectPath(submission.value.redirectTo, "/staff"), { headers: { "Set-Cookie": cookie } });
}

export default function StaffSignIn() {
  const actionData = useActionData<typeof action>();
  // The code step: asked for after the password, or again after a wrong code (the challenge comes back as it was sent).
  const codeResult = resultFor(actionData, "code");
  const challenge = codeResult?.data?.challenge ?? typed(codeResult, "challenge");
  if (codeResult && challenge) {
    return <CodeStep challenge={challenge} redirectTo={codeResult.data?.redirectTo ?? typed(codeResult, "redirectTo") ?? ""} lastResult={codeResult.status === "error" ? codeResult : null} />;
  }
  return <PasswordStep lastResult={resultFor(actionData, "password")} />;
}

function PasswordStep({ lastResult }: { lastResult: SubmissionResult<string[]> | null | undefined }) {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "staff-sign-in",
    lastResult,
    constraint: getZodConstraint(staffSignInSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseSubmission(formData, staffSignInSchema, { blankIsMissing: true }),
  });
  return (
    <div className="card">
      <h1>{t("signIn.staffTitle")}</h1>
      <p className="muted">{t("signIn.staffLead")}</p>
      {searchParams.get("passwordSet") ? (
        <p className="notice" role="status">
          {t("signIn.passwordSet")}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        <FormError id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <div className="form-field">
          <label htmlFor={fields.email.id}>{t("signIn.email")}</label>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="username" />
          <FieldError id={fields.email.errorId} errors={fields.email.errors} />
        </div>
        <div className="form-field">
          <label htmlFor={fields.password.id}>{t("signIn.password")}</label>
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" />
          <FieldError id={fields.password.errorId} errors={fields.password.errors} />
        </div>
        <button type="submit" className="button">
          {t("signIn.submit")}
        </button>
      </Form>
    </div>
  );
}

function CodeStep({ challenge, redirectTo, lastResult }: { challenge: string; redirectTo: string; lastResult: SubmissionResult<string[]> | null | undefined }) {
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "staff-sign-in-code",
    lastResult,
    constraint: getZodConstraint(staffCodeSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseSubmission(formData, staffCodeSchema, { blankIsMissing: true }),
  });
  return (
    <div className="card">
      <h1>{t("signIn.totpTitle")}</h1>
      <p className="muted">{t("signIn.totpLead")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormError id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="code" />
        <input type="hidden" name="challenge" value={challenge} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className="form-field">
          <label htmlFor={fields.code.id}>{t("signIn.totpCode")}</label>
          <input {...getInputProps(fields.code, { type: "text" })} inputMode="numeric" autoComplete="one-time-code" autoFocus />
          <FieldError id={fields.code.errorId} errors={fields.code.errors} />
        </div>
        <button type="submit" className="button">
          {t("signIn.verify")}
        </button>
      </Form>
    </div>
  );
}

import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError, FormError } from "#app/components/field.tsx";
import { getUser } from "#app/web/guards.server.ts";
import { codeRequestSchema, codeVerifySchema } from "#app/modules/auth/schemas.ts";
import { startSession } from "#app/modules/auth/session.server.ts";
import { redeemSignInCode } from "#app/modules/auth/sign-in.server.ts";
import { sendVolunteerSignInCode } from "#app/modules/auth/volunteer-sign-in.server.ts";
import { getServices } from "#app/services.server.ts";
import { formValues } from "#app/lib/input.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "volunteerSignIn");

type ActionResult =
  | { step: "email"; result: SubmissionResult<string[]> }
  | { step: "code"; email: string; result?: SubmissionResult<string[]> };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user?.kind === "volunteer") throw redirect("/volunteer");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const services = await getServices();

  const values = formValues(formData);
  if (values.intent === "verify") {
    const submission = parseWithZod(formData, { schema: codeVerifySchema });
    if (submission.status !== "success") {
      const email = typeof values.email === "string" ? values.email : "";
      return data<ActionResult>({ step: "code", email, result: submission.reply() }, { status: 400 });
    }
    const volunteerId = await redeemSignInCode(services.db, services.config.sessionSecret, submission.value);
    if (volunteerId === null) {
      const result = submission.reply({ fieldErrors: { code: ["signIn.wrongCode"] } });
      return data<ActionResult>({ step: "code", email: submission.value.email, result }, { status: 400 });
    }
    const cookie = await startSession(services.db, services.config, request, { volunteerId });
    return redirect("/volunteer", { headers: { "Set-Cookie": cookie } });
  }

  const submission = parseWithZod(formData, { schema: codeRequestSchema });
  if (submission.status !== "success") {
    return data<ActionResult>({ step: "email", result: submission.reply() }, { status: 400 });
  }
  const sent = await sendVolunteerSignInCode(services, { email: submission.value.email, ip: context.clientIp ?? "unknown" });
  if (!sent.ok && sent.reason === "rate-limited") {
    const result = submission.reply({ fieldErrors: { email: [`signIn.tooManyRequests:${sent.retryMinutes}`] } });
    return data<ActionResult>({ step: "email", result }, { status: 429 });
  }
  // The same answer whether or not a volunteer uses the address: the page must not tell who does.
  return data<ActionResult>({ step: "code", email: submission.value.email });
}

export default function VolunteerSignIn() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  return (
    <div className="card">
      <h1>{t("signIn.volunteerTitle")}</h1>
      {actionData?.step === "code" ? (
        <CodeForm email={actionData.email} lastResult={actionData.result} />
      ) : (
        <EmailForm lastResult={actionData?.result} />
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
    onValidate: ({ formData }) => parseWithZod(formData, { schema: codeRequestSchema }),
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
    onValidate: ({ formData }) => parseWithZod(formData, { schema: codeVerifySchema }),
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

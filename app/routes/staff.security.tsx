// Account security: staff set up a second factor (an authenticator app's TOTP code), or turn it
// off with a current code; administrators decide whether every administrator must have one
// (docs/decisions/0020). An administrator who must enrol is sent here and can reach nothing else.
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError, FormError } from "#app/components/field.tsx";
import { requireStaff } from "#app/web/guards.server.ts";
import { accountSecuritySchema } from "#app/modules/auth/schemas.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { parseSubmission } from "#app/lib/form.ts";
import { changeAccountSecurity } from "#app/modules/auth/account-security.server.ts";
import { totpStatus } from "#app/modules/auth/totp.server.ts";
import { getServices } from "#app/services.server.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "security");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const { db, config } = await getServices();
  const status = await totpStatus(db, config.sessionSecret, user);
  return { ...status, isAdministrator: user.role === "administrator", mustEnrol: user.mustEnrolTotp === true };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const submission = await parseForm(request, accountSecuritySchema, { blankIsMissing: true });
  if (submission.status !== "success") return refuse(submission, { hide: ["code"] });
  const outcome = await changeAccountSecurity(await getServices(), user, submission.value, { ip: context.clientIp ?? "unknown", requestId: context.requestId });
  if (!outcome.ok) return refuse(submission, { errors: { [outcome.field ?? "form"]: outcome.error }, status: outcome.status, hide: ["code"] });
  return done({ message: outcome.done ?? undefined });
}

export default function AccountSecurity() {
  const { enrolled, pending, required, isAdministrator, mustEnrol } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const lastResult = actionData;
  return (
    <>
      <h1>{t("security.title")}</h1>
      {actionData?.message ? (
        <p className="notice" role="status">
          {t(actionData.message)} {actionData.message === "security.enrolled" ? <Link to="/staff">{t("security.continue")}</Link> : null}
        </p>
      ) : null}
      {mustEnrol ? (
        <p className="form-error" role="alert">
          {t("security.mustEnrol")}
        </p>
      ) : null}

      <section className="panel" aria-labelledby="totp">
        <h2 id="totp">{t("security.totpTitle")}</h2>
        <p>{t("security.totpLead")}</p>
        {enrolled ? (
          <>
            <p>
              <strong>{t("security.on")}</strong>
            </p>
            {isAdministrator && required ? (
              <p className="muted">{t("security.cannotRemove")}</p>
            ) : (
              <CodeForm intent="remove" label={t("security.removeCode")} submit={t("security.remove")} lastResult={lastResult} danger />
            )}
          </>
        ) : pending ? (
          <>
            <ol>
              <li>
                <p>{t("security.scan")}</p>
                <img src={pending.qrDataUrl} alt={t("security.qrAlt")} width={200} height={200} />
              </li>
              <li>
                <div className="form-field">
                  <label htmlFor="totp-key">{t("security.typeKey")}</label>
                  {/* Groups of four, as authenticator apps show keys; read-only so it can be selected and copied. */}
                  <input id="totp-key" type="text" readOnly value={pending.secret.match(/.{1,4}/g)!.join(" ")} spellCheck={false} />
                </div>
              </li>
              <li>
                <p>{t("security.enterCode")}</p>
                <CodeForm intent="confirm" label={t("security.code")} submit={t("security.confirm")} lastResult={lastResult} />
              </li>
            </ol>
          </>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="start" />
            <button type="submit" className="button">
              {t("security.start")}
            </button>
          </Form>
        )}
      </section>

      {isAdministrator ? (
        <section className="panel" aria-labelledby="totp-required">
          <h2 id="totp-required">{t("security.requiredTitle")}</h2>
          <RequiredForm required={required} lastResult={lastResult} />
        </section>
      ) : null}
    </>
  );
}

function CodeForm({ intent, label, submit, lastResult, danger = false }: { intent: "confirm" | "remove"; label: string; submit: string; lastResult?: SubmissionResult<string[]>; danger?: boolean }) {
  const [form, fields] = useForm({
    id: `totp-${intent}`,
    lastResult: lastResult?.initialValue?.intent === intent ? lastResult : undefined,
    constraint: getZodConstraint(accountSecuritySchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseSubmission(formData, accountSecuritySchema, { blankIsMissing: true }),
  });
  const code = fields.code as typeof fields.intent;
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormError id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={intent} />
      <div className="form-field">
        <label htmlFor={code.id}>{label}</label>
        <input {...getInputProps(code, { type: "text" })} inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" required />
        <FieldError id={code.errorId} errors={code.errors} />
      </div>
      <button type="submit" className={danger ? "button button--danger" : "button"}>
        {submit}
      </button>
    </Form>
  );
}

function RequiredForm({ required, lastResult }: { required: boolean; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form] = useForm({ id: "totp-required", lastResult: lastResult?.initialValue?.intent === "required" ? lastResult : undefined });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormError id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="required" />
      <div className="form-field">
        <label>
          <input type="checkbox" name="required" defaultChecked={required} key={String(required)} /> {t("security.required")}
        </label>
      </div>
      <p className="muted">{t("security.requiredHint")}</p>
      <button type="submit" className="button">
        {t("security.save")}
      </button>
    </Form>
  );
}

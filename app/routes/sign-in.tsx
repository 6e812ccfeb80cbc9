import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError, FormError } from "#app/components/field.tsx";
import { getUser, safeRedirectPath } from "#app/modules/auth/guards.server.ts";
import { staffSignInSchema } from "#app/modules/auth/schemas.ts";
import { startSession } from "#app/modules/auth/session.server.ts";
import { attemptStaffSignIn } from "#app/modules/auth/staff-sign-in.server.ts";
import { getServices } from "#app/services.server.ts";

export const meta: MetaFunction = () => [{ title: "工作人员登录 · 书香" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user?.kind === "staff") throw redirect("/staff");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: staffSignInSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const services = await getServices();
  const result = await attemptStaffSignIn(services, { ...submission.value, ip: context.clientIp ?? "unknown", requestId: context.requestId });
  if (!result.ok) {
    // Messages carry their number after a colon (FieldError fills it in as {{max}}).
    const [message, status] =
      result.reason === "wait" ? [`signIn.wait:${result.seconds}`, 429]
      : result.reason === "locked" ? [`signIn.locked:${result.minutes}`, 429]
      : result.reason === "ip-limited" ? [`signIn.ipLimited:${result.minutes}`, 429]
      : result.reason === "inactive" ? ["signIn.accountInactive", 400]
      : ["signIn.wrongPassword", 400];
    return data(submission.reply({ fieldErrors: { password: [message] }, hideFields: ["password"] }), { status });
  }
  const cookie = await startSession(services.db, services.config, request, { staffId: result.staffId });
  return redirect(safeRedirectPath(submission.value.redirectTo, "/staff"), { headers: { "Set-Cookie": cookie } });
}

export default function StaffSignIn() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "staff-sign-in",
    lastResult,
    constraint: getZodConstraint(staffSignInSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: staffSignInSchema }),
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

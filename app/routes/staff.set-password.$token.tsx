// The one-time link of an invitation or a password reset: choose a password, then sign in.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFieldErrors } from "#app/components/event-fields.tsx";
import { useErrorText } from "#app/components/field.tsx";
import { peekStaffToken, setPasswordWithToken } from "#app/modules/admin/staff-accounts.server.ts";
import { passwordSchema } from "#app/modules/admin/schemas.ts";
import { getServices } from "#app/services.server.ts";
import { parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages } from "#app/lib/form.ts";
import { noindex, pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "setPassword", [noindex]);

export async function loader({ params }: LoaderFunctionArgs) {
  const { db } = await getServices();
  const person = await peekStaffToken(db, params.token ?? "");
  return { person: person ? { name: person.name, email: person.email, purpose: person.purpose } : null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = await parseForm(request, passwordSchema);
  const hide = ["password", "confirm"];
  if (submission.status !== "success") return refuse(submission, { hide });
  const { db } = await getServices();
  const result = await setPasswordWithToken(db, params.token ?? "", submission.value.password);
  if (!result.ok) return refuse(submission, { errors: result.errors, hide });
  throw redirect("/sign-in?passwordSet=1");
}

export default function SetPassword() {
  const { person } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const text = useErrorText();
  const errors = errorMessages(result);
  const { message, described } = useFieldErrors("pw", errors);
  if (!person) {
    return (
      <div className="card">
        <h1>{t("admin.password.title")}</h1>
        <p role="alert">{t("admin.errors.linkInvalid")}</p>
      </div>
    );
  }
  return (
    <div className="card">
      <h1>{t("admin.password.title")}</h1>
      <p>{t(person.purpose === "invite" ? "admin.password.welcome" : "admin.password.reset", { name: person.name, email: person.email })}</p>
      {errors.form ? (
        <p className="form-error" role="alert">
          {text(errors.form)}
        </p>
      ) : null}
      <Form method="post">
        <input type="text" name="username" autoComplete="username" defaultValue={person.email} hidden readOnly />
        <div className="form-field">
          <label htmlFor="pw-password">{t("admin.password.password")}</label>
          <input id="pw-password" name="password" type="password" autoComplete="new-password" required minLength={12} maxLength={200} {...described("password")} />
          {message("password")}
        </div>
        <div className="form-field">
          <label htmlFor="pw-confirm">{t("admin.password.confirm")}</label>
          <input id="pw-confirm" name="confirm" type="password" autoComplete="new-password" required {...described("confirm")} />
          {message("confirm")}
        </div>
        <p className="muted">{t("admin.password.hint")}</p>
        <button type="submit" className="button">
          {t("admin.password.save")}
        </button>
      </Form>
    </div>
  );
}

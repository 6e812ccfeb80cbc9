import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Ends every session of the signed-in person (a lost phone, a shared computer), this one included. */
export function SignOutEverywhere() {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t("signOutEverywhere.title")}</h2>
      <p>{t("signOutEverywhere.lead")}</p>
      <Form method="post" action="/sign-out">
        <button type="submit" name="scope" value="everywhere" className="button button--quiet">
          {t("signOutEverywhere.button")}
        </button>
      </Form>
    </section>
  );
}

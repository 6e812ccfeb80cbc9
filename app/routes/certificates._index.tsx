import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "certificateCheck");

export function loader({ request }: LoaderFunctionArgs) {
  const code = new URL(request.url).searchParams.get("code")?.trim().toUpperCase();
  if (code) throw redirect(`/certificates/${encodeURIComponent(code.slice(0, 40))}`);
  return null;
}

export default function VerifyCertificate() {
  const { t } = useTranslation();
  return (
    <div className="card">
      <h1>{t("certificate.verifyTitle")}</h1>
      <p className="muted">{t("certificate.verifyLead")}</p>
      <Form method="get">
        <div className="form-field">
          <label htmlFor="code">{t("certificate.code")}</label>
          <input id="code" name="code" required maxLength={40} autoComplete="off" placeholder="XXXX-XXXX-XXXX" />
        </div>
        <button type="submit" className="button">
          {t("certificate.verify")}
        </button>
      </Form>
    </div>
  );
}

import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { startSession } from "#app/modules/auth/session.server.ts";
import { peekSignInLink, redeemSignInLink } from "#app/modules/auth/sign-in.server.ts";
import { getServices } from "#app/services.server.ts";
import { parseForm, refuse } from "#app/lib/form.server.ts";
import { z } from "zod";
import { pageTitle } from "#app/components/page-title.ts";

// No "no-referrer" meta here: with it the browser posts the form below with "Origin: null", which the
// same-origin check (and Remix's) must refuse. The site-wide Referrer-Policy "same-origin" already
// keeps the link's token from leaving the site in a Referer.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "confirmSignIn");

// Opening the link only shows a button: mail scanners that fetch links must not use them up.
export async function loader({ params }: LoaderFunctionArgs) {
  const { db } = await getServices();
  return { email: await peekSignInLink(db, params.token ?? "") };
}

// The button sends nothing but the link itself (its token is in the address).
const confirmForm = z.object({});

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = await parseForm(request, confirmForm);
  if (submission.status !== "success") return refuse(submission);
  const services = await getServices();
  const volunteerId = await redeemSignInLink(services.db, params.token ?? "");
  if (volunteerId === null) return refuse(submission, { errors: { form: "signIn.linkInvalid" } });
  const cookie = await startSession(services.db, services.config, request, { volunteerId });
  return redirect("/volunteer", { headers: { "Set-Cookie": cookie } });
}

export default function ConfirmSignInLink() {
  const { email } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (!email) {
    return (
      <div className="card">
        <h1>{t("signIn.linkTitle")}</h1>
        <p className="form-error" role="alert">
          {t("signIn.linkInvalid")}
        </p>
        <Link to="/volunteer/sign-in">{t("nav.volunteerSignIn")}</Link>
      </div>
    );
  }
  return (
    <div className="card">
      <h1>{t("signIn.linkTitle")}</h1>
      <p>{t("signIn.linkLead", { email })}</p>
      <Form method="post">
        <button type="submit" className="button">
          {t("signIn.linkConfirm")}
        </button>
      </Form>
    </div>
  );
}

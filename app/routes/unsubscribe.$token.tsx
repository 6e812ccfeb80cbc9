// One-click unsubscribe (RFC 8058). Mail programs POST `List-Unsubscribe=One-Click` here with no
// cookie and no Origin (server.ts exempts exactly this route from the same-origin check); a person
// who opens the link sees what it stops and a button that sends the same POST. The signed token is
// the only key, and it can only turn mail off.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { verifyUnsubscribeToken } from "#app/modules/notifications/unsubscribe.server.ts";
import { unsubscribe } from "#app/modules/preferences/unsubscribe.server.ts";
import { getServices } from "#app/services.server.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { z } from "zod";
import { noindex, pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "unsubscribe", [noindex]);

export async function loader({ params }: LoaderFunctionArgs) {
  const { config } = await getServices();
  const target = verifyUnsubscribeToken(config.sessionSecret, params.token ?? "");
  if (!target) return data({ kind: null }, { status: 404 });
  return { kind: target.kind };
}

// Mail programs send "List-Unsubscribe=One-Click"; the signed token in the address is the key.
const unsubscribeForm = z.object({});

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = await parseForm(request, unsubscribeForm);
  const { db, config } = await getServices();
  const result = await unsubscribe(db, config.sessionSecret, params.token ?? "");
  if (submission.status !== "success" || !result.ok) return refuse(submission, { errors: { form: "unsubscribe.invalid" }, status: 404 });
  return done({ message: result.kind === "help" ? "unsubscribe.doneHelp" : "unsubscribe.doneReminders" });
}

export default function Unsubscribe() {
  const { kind } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="card">
      <h1>{t("unsubscribe.title")}</h1>
      {!kind || result?.status === "error" ? (
        <p className="form-error" role="alert">
          {t("unsubscribe.invalid")}
        </p>
      ) : result?.message ? (
        <>
          <p className="notice" role="status">
            {t(result.message)}
          </p>
          <p>{t("unsubscribe.again")}</p>
        </>
      ) : (
        <Form method="post">
          <p>{t(`unsubscribe.${kind}`)}</p>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit" className="button">
            {t("unsubscribe.button")}
          </button>
        </Form>
      )}
    </div>
  );
}

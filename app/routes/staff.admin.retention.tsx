// Data retention (administrators): how long guest registrations and declined applications keep
// personal data, what the next daily run will anonymise, and running it now.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ConfirmLink, ConfirmStep, useConfirming } from "#app/components/confirm.tsx";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { useFieldErrors } from "#app/components/event-fields.tsx";
import { retentionPreview, runRetention, saveRetentionSettings } from "#app/modules/admin/retention.server.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { getServices } from "#app/services.server.ts";
import { wholeNumber } from "#app/lib/input.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, typed } from "#app/lib/form.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "retention");

const months = wholeNumber(1, 120);
const retentionForm = z.discriminatedUnion("intent", [z.object({ intent: z.literal("settings"), guestMonths: months, declinedMonths: months }), z.object({ intent: z.literal("run") })]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "admin.retention");
  const { db } = await getServices();
  return retentionPreview(db);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "admin.retention");
  const submission = await parseForm(request, retentionForm);
  if (submission.status !== "success") return refuse(submission);
  const deps = appDeps(await getServices());
  if (submission.value.intent === "run") {
    const counts = await runRetention(deps);
    return done({ message: "admin.retention.ran", data: counts });
  }
  const saved = await saveRetentionSettings(deps, user, submission.value, context.requestId);
  if (!saved.ok) return refuse(submission, { errors: saved.errors, status: saved.status });
  return done({ message: "admin.retention.saved" });
}

export default function Retention() {
  const { settings, guests, declined } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const { input } = useFieldErrors("ret", errorMessages(result));
  // Anonymising now asks first (also without JavaScript).
  if (useConfirming() === "run")
    return (
      <ConfirmStep headingLevel={1} title={t("confirm.runRetention")} confirmLabel={t("confirm.runRetentionYes")} fields={{ intent: "run" }}>
        <p>{t("admin.retention.preview", { guests, declined })}</p>
        <p>{t("confirm.runRetentionText")}</p>
      </ConfirmStep>
    );
  return (
    <>
      <h1>{t("admin.retention.title")}</h1>
      <p className="lead">{t("admin.retention.lead")}</p>
      {result?.status === "success" ? (
        <p className="notice" role="status">
          {t(result.message ?? "", { guests: result.data?.guests ?? 0, declined: result.data?.declined ?? 0 })}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="ret-settings">
        <h2 id="ret-settings">{t("admin.retention.settings")}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="settings" />
          <div className="form-grid">
            {input("guestMonths", t("admin.retention.guestMonths"), { type: "number", min: 1, max: 120, required: true, defaultValue: typed(result, "guestMonths") ?? settings.guestMonths })}
            {input("declinedMonths", t("admin.retention.declinedMonths"), { type: "number", min: 1, max: 120, required: true, defaultValue: typed(result, "declinedMonths") ?? settings.declinedMonths })}
          </div>
          <button type="submit" className="button">
            {t("admin.branch.save")}
          </button>
        </Form>
      </section>
      <section className="panel" aria-labelledby="ret-next">
        <h2 id="ret-next">{t("admin.retention.next")}</h2>
        <p>{t("admin.retention.preview", { guests, declined })}</p>
        <ConfirmLink intent="run" fields={{}} className="button button--danger">
          {t("admin.retention.runNow")}
        </ConfirmLink>
      </section>
    </>
  );
}

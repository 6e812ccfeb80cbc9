// Data retention (administrators): how long guest registrations and declined applications keep
// personal data, what the next daily run will anonymise, and running it now.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ConfirmLink, ConfirmStep, useConfirming } from "#app/components/confirm.tsx";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { useFieldErrors } from "#app/components/event-fields.tsx";
import { retentionPreview, runRetention, saveRetentionSettings } from "#app/modules/admin/retention.server.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { getServices } from "#app/services.server.ts";
import { formValues, wholeNumber } from "#app/lib/input.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "retention");

const months = wholeNumber(1, 120);
const settingsSchema = z.object({ intent: z.literal("settings"), guestMonths: months, declinedMonths: months });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "admin.retention");
  const { db } = await getServices();
  return retentionPreview(db);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "admin.retention");
  const form = formValues(await request.formData());
  const deps = appDeps(await getServices());
  if (form.intent === "run") {
    const done = await runRetention(deps);
    return { ok: true as const, done: "admin.retention.ran", counts: done, errors: {} as Record<string, string> };
  }
  const parsed = settingsSchema.safeParse(form);
  if (!parsed.success) return data({ ok: false as const, done: "", counts: null, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) }, { status: 400 });
  const saved = await saveRetentionSettings(deps, user, parsed.data, context.requestId);
  if (!saved.ok) return data({ ok: false as const, done: "", counts: null, errors: saved.errors }, { status: saved.status });
  return { ok: true as const, done: "admin.retention.saved", counts: null, errors: {} as Record<string, string> };
}

export default function Retention() {
  const { settings, guests, declined } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const { input } = useFieldErrors("ret", result?.errors ?? {});
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
      {result?.ok ? (
        <p className="notice" role="status">
          {t(result.done, { guests: result.counts?.guests ?? 0, declined: result.counts?.declined ?? 0 })}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="ret-settings">
        <h2 id="ret-settings">{t("admin.retention.settings")}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="settings" />
          <div className="form-grid">
            {input("guestMonths", t("admin.retention.guestMonths"), { type: "number", min: 1, max: 120, required: true, defaultValue: settings.guestMonths })}
            {input("declinedMonths", t("admin.retention.declinedMonths"), { type: "number", min: 1, max: 120, required: true, defaultValue: settings.declinedMonths })}
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

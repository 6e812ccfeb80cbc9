import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocalized } from "#app/components/localized.ts";
import { requireVolunteer } from "#app/modules/auth/guards.server.ts";
import { getVolunteerProfile } from "#app/modules/volunteers/profile.server.ts";
import { getServices } from "#app/services.server.ts";

export const meta: MetaFunction = () => [{ title: "我的志愿服务 · 书香" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireVolunteer(request);
  const { db } = await getServices();
  const profile = await getVolunteerProfile(db, user.id);
  if (!profile) throw new Response("Not Found", { status: 404 });
  return { profile };
}

const STATUS_KEY = { appointed: "volunteer.statusAppointed", paused: "volunteer.statusPaused", left: "volunteer.statusLeft" } as const;

export default function VolunteerHome() {
  const { profile } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localized = useLocalized();
  return (
    <>
      <h1>{t("volunteer.title")}</h1>
      <p className="lead">{t("volunteer.welcome", { name: profile.name })}</p>
      <dl className="facts">
        <dt>{t("volunteer.status")}</dt>
        <dd>{t(STATUS_KEY[profile.status])}</dd>
        <dt>{t("volunteer.email")}</dt>
        <dd>{profile.email}</dd>
        <dt>{t("volunteer.phone")}</dt>
        <dd>{profile.phone}</dd>
        <dt>{t("volunteer.homeBranch")}</dt>
        <dd>{profile.branch_name_zh ? localized({ name_zh: profile.branch_name_zh, name_en: profile.branch_name_en }, "name") : "—"}</dd>
      </dl>
    </>
  );
}

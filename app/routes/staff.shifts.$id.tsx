import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { ShiftPanel } from "#app/components/shift-panel.tsx";
import { pageTitle } from "#app/components/page-title.ts";
export { shiftPageAction as action, shiftPageLoader as loader } from "#app/web/shift-page.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "shift");

export default function ShiftPage() {
  const { t } = useTranslation();
  return <ShiftPanel back={{ to: "/staff/shifts", label: t("plan.title") }} />;
}

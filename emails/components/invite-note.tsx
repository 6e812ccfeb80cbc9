// Under every email that carries a calendar invite (REQUEST): declining it in a calendar app
// replies to the branch's volunteer desk but cancels nothing, so the note says where cancelling works.
import { Link } from "@react-email/link";
import { Text } from "@react-email/text";
import type { TFunction } from "i18next";

/** Where this person cancels: their shifts, their registration's page, an application's page, or the desk by email. */
export type CancelPlace = "shift" | "registration" | "application" | "desk";

export function InviteNote({ t, place, href }: { t: TFunction; place: CancelPlace; href: string }) {
  return (
    <Text style={{ fontSize: "13px", color: "#52606d" }}>
      {t("email.invite.decline")} <Link href={href}>{t(`email.invite.cancel.${place}`)}</Link>
    </Text>
  );
}

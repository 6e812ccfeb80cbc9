// The two "write to people about a shift" pages (message the people booked; ask for help): the
// guard, the shift's branch, and the note — read from the query for the preview, from the form
// for sending (by the route, with parseForm), with the same rule for the note.
import { filterStatus, intId, parseFilters } from "#app/lib/input.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { authorize } from "#app/modules/auth/policy.ts";
import { shiftNoteFields } from "#app/modules/shifts/schemas.ts";
import { getLocale } from "#app/i18n/i18n.server.ts";
import { getServices } from "#app/services.server.ts";
import { requireStaff } from "./guards.server.ts";

async function guard(request: Request, id: string | undefined) {
  const user = await requireStaff(request, "shift.plan");
  const parsed = intId.safeParse(id);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  const services = await getServices();
  const shift = await services.db.selectFrom("shuxiang.shifts").select("branch_code").where("id", "=", parsed.data).executeTakeFirst();
  if (!shift) throw new Response("Not Found", { status: 404 });
  authorize(user, "shift.plan", shift.branch_code);
  return { user, shiftId: parsed.data, services };
}

/** The preview: the note from the query (a refused one is named beside the field, 400). */
export async function previewRequest(request: Request, id: string | undefined) {
  const { shiftId, services } = await guard(request, id);
  const { filters, errors } = parseFilters(request.url, shiftNoteFields);
  const sent = new URL(request.url).searchParams.get("sent");
  return { deps: appDeps(services), shiftId, note: filters.note ?? "", errors, status: filterStatus(errors), lang: await getLocale(request), sent: sent && /^\d{1,6}$/.test(sent) ? Number(sent) : null };
}

/** Sending: the note from the form; a refused one answers 400 with its message. */
/** Sending: the guard, then the note checked by the same schema as the preview's (the route answers a refusal). */
export async function sendRequest(request: Request, id: string | undefined, requestId: string | undefined) {
  const { user, shiftId, services } = await guard(request, id);
  return { deps: appDeps(services), actor: { user, requestId }, shiftId } as const;
}

// An audit entry's before and after as a reader sees them: one line per field that changed (or was
// set), instead of two blobs of JSON. Pure, so the page and its tests share it.

/** A value as shown: an instant (formatted in the branch's zone by the page), a yes/no, or text. */
export type AuditValue = { instant: string } | { date: string } | { yes: boolean } | { text: string } | null;
export interface AuditChange {
  field: string;
  before: AuditValue;
  after: AuditValue;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function shown(value: unknown): AuditValue {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "boolean") return { yes: value };
  if (typeof value === "string") return ISO_INSTANT.test(value) ? { instant: value } : ISO_DATE.test(value) ? { date: value } : { text: value };
  if (typeof value === "number") return { text: String(value) };
  if (Array.isArray(value)) return { text: value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ") };
  return { text: Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`).join("; ") };
}

function asFields(value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  return { value };
}

/** Fields in the order they first appear; unchanged ones left out when both sides are recorded. */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const b = asFields(before);
  const a = asFields(after);
  const both = before !== null && before !== undefined && after !== null && after !== undefined;
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .filter((f) => !both || JSON.stringify(b[f]) !== JSON.stringify(a[f]))
    .map((field) => ({ field, before: shown(b[field]), after: shown(a[field]) }));
}

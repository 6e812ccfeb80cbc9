// The records module's fixed lists, usable in page components too (the browser gets nothing from
// *.server.ts files).
import type { IdDocType, RecordQuality } from "#db/schema.ts";

export const ID_DOC_TYPES = ["resident-id", "passport", "hk-macao-permit", "taiwan-permit", "foreigner-permanent"] as const satisfies readonly IdDocType[];
export const SEAL_MAX_BYTES = 300_000;
export const QUALITIES = ["excellent", "good", "fair", "poor"] as const satisfies readonly RecordQuality[];

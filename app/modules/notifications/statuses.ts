import type { MessageStatus } from "#db/schema.ts";

/** The life of a message, in order (shared by the delivery page and its queries). */
export const MESSAGE_STATUSES: readonly MessageStatus[] = ["queued", "sending", "sent", "failed"];

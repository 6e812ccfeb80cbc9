// The pipeline's stages and age groups (shared by the server and the pages).
import type { ApplicationStatus } from "#db/schema.ts";

export const PIPELINE: ApplicationStatus[] = ["applied", "interview", "training", "appointed", "declined", "withdrawn"];
export const AGE_GROUPS = ["under14", "14to17", "18to59", "60plus"] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

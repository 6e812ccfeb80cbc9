import { describe, expect, it } from "vitest";
import { demoReaders } from "#db/seed/people.ts";
import { createRandom } from "#db/seed/random.ts";
import { branches, roles } from "#db/seed/library.ts";

describe("demo readers", () => {
  const readers = demoReaders(createRandom(7), 400);

  it("are the same for the same seed and differ for another", () => {
    expect(demoReaders(createRandom(7), 400)).toEqual(readers);
    expect(demoReaders(createRandom(8), 400)).not.toEqual(readers);
  });

  it("have unique 13-digit Gulou card numbers, Chinese names and mainland mobile numbers", () => {
    expect(new Set(readers.map((r) => r.card_number)).size).toBe(readers.length);
    for (const r of readers) {
      expect(r.card_number).toMatch(/^320302\d{7}$/);
      expect(r.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
      if (r.phone) expect(r.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(branches.map((b) => b.code)).toContain(r.home_branch_code);
    }
  });

  it("mostly hold active cards, with children among them", () => {
    const active = readers.filter((r) => r.status === "active").length;
    expect(active / readers.length).toBeGreaterThan(0.85);
    expect(readers.some((r) => r.birth_date >= "2012-01-01")).toBe(true);
  });
});

describe("role catalogue", () => {
  it("marks exactly the roles BRIEF.md says need training first", () => {
    const trained = roles.filter((r) => r.trainings.length > 0).map((r) => r.code);
    expect(trained.sort()).toEqual(["book-repair", "digital-tutoring", "disability-assistance"]);
  });
});

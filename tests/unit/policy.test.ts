// The permission policy as a table: every action, asked at branch A (GL) by an anonymous visitor,
// a volunteer, desk staff of A, a coordinator of A, a coordinator of B (FC) and an administrator.
// The expected table is written out here by hand, so a changed rule has to change it too.
import { describe, expect, it } from "vitest";
import type { CurrentUser } from "#app/modules/auth/session.server.ts";
import { ACTIONS, branchesFor, can, volunteerBranches, type Action, type StaffUser } from "#app/modules/auth/policy.ts";

const staff = (role: StaffUser["role"], branchCodes: string[]): StaffUser => ({ kind: "staff", id: 1, name: "x", email: "x@example.com", role, branchCodes, language: "zh-CN" });
const PEOPLE = {
  anonymous: null,
  volunteer: { kind: "volunteer", id: 7, name: "v", email: "v@example.com", status: "appointed", language: "zh-CN" },
  desk: staff("desk", ["GL"]),
  coordinatorA: staff("coordinator", ["GL"]),
  coordinatorB: staff("coordinator", ["FC"]),
  administrator: staff("administrator", []),
} satisfies Record<string, CurrentUser | null>;
type Person = keyof typeof PEOPLE;

// anonymous, volunteer, desk of A, coordinator of A, coordinator of B, administrator — at branch A.
const Y = true;
const N = false;
const TABLE: Record<Action, [boolean, boolean, boolean, boolean, boolean, boolean]> = {
  "shift.plan": [N, N, N, Y, N, Y],
  "shift.assign": [N, N, N, Y, N, Y],
  "shift.askForHelp": [N, N, N, Y, N, Y],
  "shift.checkIn": [N, N, Y, Y, N, Y],
  "event.view": [N, N, Y, Y, N, Y],
  "event.plan": [N, N, N, Y, N, Y],
  "event.decideGroup": [N, N, N, Y, N, Y],
  "event.checkIn": [N, N, Y, Y, N, Y],
  "record.evaluate": [N, N, Y, Y, N, Y],
  "record.review": [N, N, N, Y, N, Y],
  "certificate.issuer": [N, N, N, N, N, Y],
  "feedback.answer": [N, N, N, Y, N, Y],
  "application.review": [N, N, N, Y, N, Y],
  "interview.schedule": [N, N, N, Y, N, Y],
  "training.view": [N, N, Y, Y, N, Y],
  "training.manage": [N, N, N, Y, N, Y],
  "training.attendance": [N, N, Y, Y, N, Y],
  "volunteer.view": [N, N, N, Y, N, Y],
  "volunteer.suspend": [N, N, N, Y, N, Y],
  "report.view": [N, N, N, Y, N, Y],
  "report.figures": [N, N, N, Y, N, Y],
  "branch.manage": [N, N, N, Y, N, Y],
  "admin.staff": [N, N, N, N, N, Y],
  "admin.catalogue": [N, N, N, N, N, Y],
  "admin.retention": [N, N, N, N, N, Y],
  "admin.audit": [N, N, N, N, N, Y],
  "admin.security": [N, N, N, N, N, Y],
  "delivery.view": [N, N, N, N, N, Y],
  "delivery.resend": [N, N, N, N, N, Y],
};
const ORDER: Person[] = ["anonymous", "volunteer", "desk", "coordinatorA", "coordinatorB", "administrator"];

describe("can(user, action, branch)", () => {
  it("the table names every action the policy knows, and no other", () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ACTIONS].sort());
  });

  it.each(ACTIONS)("%s at branch A", (action) => {
    expect(ORDER.map((p) => can(PEOPLE[p], action, "GL"))).toEqual(TABLE[action]);
  });

  it.each(ACTIONS)("%s somewhere (the page's door): coordinator of B passes wherever coordinator of A does", (action) => {
    const row = ORDER.map((p) => can(PEOPLE[p], action));
    expect(row[4]).toBe(row[3]);
    expect(row).toEqual(TABLE[action].map((v, i) => (i === 4 ? TABLE[action][3] : v)));
  });

  it("an item at several branches passes when any of them is the person's", () => {
    expect(can(PEOPLE.coordinatorB, "application.review", ["GL", "FC"])).toBe(true);
    expect(can(PEOPLE.coordinatorB, "application.review", ["GL", "HC"])).toBe(false);
    expect(can(PEOPLE.coordinatorA, "application.review", [])).toBe(false);
    expect(can(PEOPLE.administrator, "application.review", [])).toBe(true);
  });

  it("a coordinator without branches may do nothing at a branch", () => {
    const none = staff("coordinator", []);
    expect(ACTIONS.filter((a) => can(none, a))).toEqual([]);
  });

  it("branchesFor gives administrators every branch and others their own, or none", () => {
    expect(branchesFor(PEOPLE.administrator, "shift.plan")).toBe("all");
    expect(branchesFor(PEOPLE.coordinatorA, "shift.plan")).toEqual(["GL"]);
    expect(branchesFor(PEOPLE.desk, "shift.plan")).toEqual([]);
    expect(branchesFor(PEOPLE.desk, "shift.checkIn")).toEqual(["GL"]);
  });

  it("a volunteer belongs to their home branch and the branches they chose", () => {
    expect(volunteerBranches({ home_branch_code: "GL", preferred_branches: ["FC"] })).toEqual(["GL", "FC"]);
    expect(volunteerBranches({ home_branch_code: null, preferred_branches: ["FC"] })).toEqual(["FC"]);
  });
});

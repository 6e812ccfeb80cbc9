import { describe, expect, it } from "vitest";
import { checkInCodeSchema, readCheckInCode, showCheckInCode } from "#app/modules/events/check-in-code.ts";

describe("check-in codes as the desk types or scans them", () => {
  it("reads any case, spaces and dashes; O as 0, I and L as 1", () => {
    expect(readCheckInCode("k7qm-3xpa")).toBe("K7QM3XPA");
    expect(readCheckInCode(" K7QM 3XPA ")).toBe("K7QM3XPA");
    expect(readCheckInCode("oilo-2345")).toBe("01102345");
    expect(showCheckInCode("K7QM3XPA")).toBe("K7QM-3XPA");
  });
  it("refuses what cannot be a code: wrong length, U, other symbols, a URL, NUL, overlong", () => {
    for (const input of ["K7QM3XP", "K7QM3XPAB", "K7QM3XPU", "K7QM%XPA", "https://example.com/", "K7QM\u00003XPA", "K".repeat(41)]) expect(readCheckInCode(input)).toBeNull();
    expect(checkInCodeSchema.safeParse("").error?.issues[0].message).toBe("validation.required");
    expect(checkInCodeSchema.safeParse("x".repeat(41)).error?.issues[0].message).toBe("validation.tooLong:40");
    expect(checkInCodeSchema.safeParse("nope").error?.issues[0].message).toBe("events.errors.codeMalformed");
    expect(checkInCodeSchema.parse("k7qm-3xpa")).toBe("K7QM3XPA");
  });
});

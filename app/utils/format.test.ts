import { describe, expect, it } from "vitest";
import { formatDate, limaDay } from "./format.ts";

describe("limaDay", () => {
  it("names the day as Lima counts it, not UTC", () => {
    // 00:27 UTC on the 27th is still 19:27 on the 26th in Lima.
    expect(limaDay(new Date("2026-11-27T00:27:00Z"))).toBe("2026-11-26");
    // A due date ends at 23:59:59 Lima, already the next day in UTC.
    expect(limaDay(new Date("2027-04-01T23:59:59-05:00"))).toBe("2027-04-01");
    // Dates stored at noon UTC keep their day.
    expect(limaDay("2028-06-30T12:00:00Z")).toBe("2028-06-30");
  });

  it("agrees with the dates people read on the page", () => {
    const instant = new Date("2027-01-01T03:00:00Z");
    expect(limaDay(instant)).toBe("2026-12-31");
    expect(formatDate(instant, "es")).toBe("31 de diciembre de 2026");
  });
});

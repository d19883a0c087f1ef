import { describe, expect, it } from "vitest";
import { loadSeedData } from "../../prisma/seed/data.ts";
import { COUNTRY_ID, DEPARTMENTS } from "./territories.server.ts";

// The reference territories exist on every database (server/index.ts creates the missing ones);
// the demo seed's territories.json names them too. The two lists must not drift apart.

describe("reference territories", () => {
  it("are the country and departments of the seed data, with the same names and ids", () => {
    const seeded = loadSeedData().territories.filter((t) => t.level === "COUNTRY" || t.level === "DEPARTMENT");
    const reference = [
      { id: COUNTRY_ID, name: "Perú", level: "COUNTRY", parentId: null },
      ...DEPARTMENTS.map(([id, name]) => ({ id, name, level: "DEPARTMENT", parentId: COUNTRY_ID })),
    ];
    expect(DEPARTMENTS).toHaveLength(25);
    expect(seeded).toEqual(reference);
  });
});

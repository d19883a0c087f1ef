import { describe, expect, it } from "vitest";
import { createUser, useTestDatabase } from "../../tests/support/factories.ts";
import { verifyLedger } from "~/record/ledger.server.ts";
import { ERASED_NAME, displayNames, eraseAccount } from "./erasure.server.ts";
import { collectPersonalData, toCsv } from "./personal-data/export.server.ts";

describe("account erasure", () => {
  it("refuses a wrong password and changes nothing", async () => {
    const user = await createUser({ name: "Sin Cambios" });
    expect(await eraseAccount(user.id, "wrong password")).toBe("wrong-password");
    const prisma = await useTestDatabase();
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      name: "Sin Cambios",
      erasedAt: null,
    });
  });

  it("resolves names for the record: erased accounts and unknown ids read «participante eliminado»", async () => {
    const kept = await createUser({ name: "Persona Activa" });
    const gone = await createUser({ name: "Persona Borrada" });
    expect(await eraseAccount(gone.id, "correct horse battery")).toBe("erased");
    const names = await displayNames([kept.id, gone.id, "no-such-user"]);
    expect(names.get(kept.id)).toBe("Persona Activa");
    expect(names.get(gone.id)).toBe(ERASED_NAME);
    expect(names.get("no-such-user")).toBe(ERASED_NAME);
    expect((await verifyLedger()).ok).toBe(true);
    // Erasing twice is refused (no password matches any more).
    expect(await eraseAccount(gone.id, "correct horse battery")).toBe("wrong-password");
  });
});

describe("personal data export", () => {
  it("writes CSV cells that spreadsheets cannot run as formulas", async () => {
    const user = await createUser({ name: '=HYPERLINK("http://evil.example","x")' });
    const csv = toCsv(await collectPersonalData(user.id));
    expect(csv).toContain(`"profile","1","name","'=HYPERLINK(""http://evil.example"",""x"")"`);
  });
});

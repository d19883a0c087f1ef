import { describe, expect, it } from "vitest";
import { PRIVACY_POLICY_VERSION } from "~/privacy.ts";
import { createSession, validateSessionToken } from "~/utils/session.server.ts";
import { useTestDatabase } from "../../tests/support/factories.ts";
import { changePassword, registerUser, verifyLogin } from "./users.server.ts";

describe("accounts", () => {
  it("registers with an argon2id hash and records consent with its policy version and time", async () => {
    const prisma = await useTestDatabase();
    const before = Date.now();
    const user = await registerUser({ name: "Ana Torres", email: "Ana@Example.PE", password: "una frase larga" });
    expect(user).not.toBeNull();
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user!.id }, include: { consents: true } });
    expect(row.email).toBe("ana@example.pe");
    expect(row.role).toBe("CITIZEN");
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.consents).toHaveLength(1);
    expect(row.consents[0]).toMatchObject({ granted: true, policyVersion: PRIVACY_POLICY_VERSION });
    expect(row.consents[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("refuses a second account with the same email, whatever its case, and keeps the first", async () => {
    const prisma = await useTestDatabase();
    await registerUser({ name: "Uno", email: "dup@example.pe", password: "una frase larga" });
    expect(await registerUser({ name: "Dos", email: "DUP@example.pe", password: "otra frase larga" })).toBeNull();
    const rows = await prisma.user.findMany({ where: { email: "dup@example.pe" } });
    expect(rows.map((r) => r.name)).toEqual(["Uno"]);
  });

  it("logs in with the right password only, and answers null alike for unknown emails", async () => {
    const user = await registerUser({ name: "Luis", email: "luis@example.pe", password: "clave correcta 1" });
    expect(await verifyLogin("LUIS@example.pe", "clave correcta 1")).toEqual({ id: user!.id });
    expect(await verifyLogin("luis@example.pe", "clave incorrecta")).toBeNull();
    expect(await verifyLogin("nadie@example.pe", "clave correcta 1")).toBeNull();
  });

  it("changes the password only with the current one, ending every other session", async () => {
    const user = await registerUser({ name: "Eva", email: "eva@example.pe", password: "clave antigua 1" });
    const here = await createSession(user!.id);
    const elsewhere = await createSession(user!.id);
    expect(await changePassword(user!.id, "no es la clave", "clave nueva 12", here.id)).toBe("wrong-password");
    expect(await validateSessionToken(elsewhere.token)).not.toBeNull();
    expect(await changePassword(user!.id, "clave antigua 1", "clave nueva 12", here.id)).toBe("changed");
    expect(await validateSessionToken(elsewhere.token)).toBeNull();
    expect(await validateSessionToken(here.token)).not.toBeNull();
    expect(await verifyLogin("eva@example.pe", "clave nueva 12")).not.toBeNull();
    expect(await verifyLogin("eva@example.pe", "clave antigua 1")).toBeNull();
  });
});

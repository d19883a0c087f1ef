import { generateHOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { createUser, useTestDatabase } from "../../tests/support/factories.ts";
import { requiresSecondFactor } from "./second-factor-rule.server.ts";
import {
  acceptTotpCode,
  matchingStep,
  newTotpKey,
  normalizeRecoveryCode,
  timeStep,
  turnOffSecondFactor,
} from "./second-factor.server.ts";

const at = (key: Uint8Array, step: number) => generateHOTP(key, BigInt(step), 6);

describe("the second factor's rule", () => {
  it("asks administrators and token holders, and anyone enrolled; exempts demo accounts in demo mode only", () => {
    const base = { hasSecondFactor: false, demoAccount: false };
    expect(requiresSecondFactor({ ...base, role: "ADMIN" }, false)).toBe(true);
    expect(requiresSecondFactor({ ...base, role: "CITIZEN" }, false)).toBe(false);
    expect(requiresSecondFactor({ ...base, role: "PUBLIC_SERVANT", holdsAccessTokens: true }, false)).toBe(true);
    expect(requiresSecondFactor({ ...base, role: "CITIZEN", hasSecondFactor: true }, false)).toBe(true);
    expect(requiresSecondFactor({ ...base, role: "ADMIN", demoAccount: true }, true)).toBe(false);
    expect(requiresSecondFactor({ ...base, role: "ADMIN", demoAccount: true }, false)).toBe(true);
    expect(requiresSecondFactor({ role: "ADMIN", demoAccount: true, hasSecondFactor: true }, true)).toBe(true);
  });
});

describe("TOTP codes", () => {
  it("takes the steps now-1..now+1 only", () => {
    const key = newTotpKey();
    const now = Date.now();
    const step = timeStep(now);
    for (const offset of [-1, 0, 1]) expect(matchingStep(key, at(key, step + offset), now)).toBe(step + offset);
    for (const offset of [-3, -2, 2, 3]) expect(matchingStep(key, at(key, step + offset), now)).toBeNull();
  });

  it("refuses a code whose step is not later than the last accepted (RFC 6238 §5.2)", async () => {
    const prisma = await useTestDatabase();
    const user = await createUser();
    const key = newTotpKey();
    const now = Date.now();
    const step = timeStep(now);
    await prisma.user.update({ where: { id: user.id }, data: { totpKey: Buffer.from(key) } });
    expect(await acceptTotpCode(user.id, at(key, step), now)).toBe("ok");
    expect(await acceptTotpCode(user.id, at(key, step), now)).toBe("reused");
    expect(await acceptTotpCode(user.id, at(key, step - 1), now)).toBe("reused");
    expect(await acceptTotpCode(user.id, at(key, step + 5), now)).toBe("wrong");
    expect(await acceptTotpCode(user.id, `${at(key, step + 1).slice(0, 3)} ${at(key, step + 1).slice(3)}`, now)).toBe(
      "ok",
    );
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).totpLastCounter).toBe(step + 1);
  });

  it("an administrator cannot turn the factor off, even with a right code; nothing changes", async () => {
    const prisma = await useTestDatabase();
    const admin = await createUser({ role: "ADMIN" });
    const key = newTotpKey();
    await prisma.user.update({ where: { id: admin.id }, data: { totpKey: Buffer.from(key) } });
    expect(await turnOffSecondFactor(admin.id, "no-session", at(key, timeStep()))).toBe("must-keep");
    const after = await prisma.user.findUniqueOrThrow({ where: { id: admin.id } });
    expect(after.totpKey).not.toBeNull();
    expect(after.totpLastCounter).toBeNull();
  });
});

describe("recovery codes", () => {
  it("read the same whatever the case, spacing, dashes, or digits typed for look-alike letters", () => {
    const code = "abcd-efgh-ijkl-mnop";
    expect(normalizeRecoveryCode(code)).toBe("abcdefghijklmnop");
    for (const typed of ["ABCD EFGH IJKL MNOP", "abcdefghijklmnop", " abcd-efgh-ijk1-mn0p ", "a8cd-efgh-ijkl-mnop"]) {
      expect(normalizeRecoveryCode(typed), typed).toBe(normalizeRecoveryCode(code));
    }
  });
});

import { describe, expect, it } from "vitest";
import { createUser, useTestDatabase } from "../../tests/support/factories.ts";
import {
  createSession,
  deleteExpiredSessions,
  invalidateSession,
  invalidateUserSessions,
  markSecondFactorVerified,
  PENDING_SESSION_MS,
  readSessionToken,
  SESSION_LIFETIME_MS,
  sessionCookie,
  validateSessionToken,
  validateSessionTokens,
  validatePendingSessionToken,
} from "./session.server.ts";

describe("sessions", () => {
  it("validates a fresh token and returns the user with memberships", async () => {
    const user = await createUser({ role: "FORUM_MEMBER" });
    const { token } = await createSession(user.id, "test-agent");
    const result = await validateSessionToken(token);
    expect(result?.user).toMatchObject({ id: user.id, role: "FORUM_MEMBER", memberships: [] });
    expect(result?.session.renewed).toBe(false);
  });

  it("stores only the SHA-256 of the secret: the database holds no usable token", async () => {
    const prisma = await useTestDatabase();
    const user = await createUser();
    const { token, id } = await createSession(user.id);
    const row = await prisma.session.findUniqueOrThrow({ where: { id } });
    const secret = token.split(".")[1]!;
    expect(Buffer.from(row.secretHash).toString("hex")).toHaveLength(64);
    expect(Buffer.from(row.secretHash).toString("utf8")).not.toContain(secret);
    // The id alone, or the id with the stored hash as secret, is refused.
    expect(await validateSessionToken(id)).toBeNull();
    expect(await validateSessionToken(`${id}.${Buffer.from(row.secretHash).toString("hex")}`)).toBeNull();
  });

  it("refuses a valid id with a wrong secret, and malformed tokens", async () => {
    const user = await createUser();
    const { id, token } = await createSession(user.id);
    expect(await validateSessionToken(`${id}.wrongsecretwrongsecretwrongsecr`)).toBeNull();
    expect(await validateSessionToken(`${token}.extra`)).toBeNull();
    expect(await validateSessionToken("")).toBeNull();
    expect(await validateSessionToken("x".repeat(500))).toBeNull();
    expect(await validateSessionToken(token)).not.toBeNull();
  });

  it("refuses and deletes an expired session", async () => {
    const prisma = await useTestDatabase();
    const user = await createUser();
    const { id, token } = await createSession(user.id);
    await prisma.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await validateSessionToken(token)).toBeNull();
    expect(await prisma.session.count({ where: { id } })).toBe(0);
  });

  it("slides the expiry of a session used in the second half of its life", async () => {
    const prisma = await useTestDatabase();
    const user = await createUser();
    const { id, token } = await createSession(user.id);
    const soon = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
    await prisma.session.update({ where: { id }, data: { expiresAt: soon } });
    const result = await validateSessionToken(token);
    expect(result?.session.renewed).toBe(true);
    const row = await prisma.session.findUniqueOrThrow({ where: { id } });
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + SESSION_LIFETIME_MS - 60_000);
  });

  it("ends one session, or all of a user's sessions but one", async () => {
    const user = await createUser();
    const a = await createSession(user.id);
    const b = await createSession(user.id);
    const c = await createSession(user.id);
    await invalidateSession(a.id);
    expect(await validateSessionToken(a.token)).toBeNull();
    expect(await invalidateUserSessions(user.id, c.id)).toBe(1);
    expect(await validateSessionToken(b.token)).toBeNull();
    expect(await validateSessionToken(c.token)).not.toBeNull();
  });

  it("validates many tokens with the same rules as one (the collab re-check)", async () => {
    const prisma = await useTestDatabase();
    const user = await createUser({ role: "FORUM_MEMBER" });
    const other = await createUser();
    const good = await createSession(user.id);
    const ended = await createSession(user.id);
    const expired = await createSession(other.id);
    const renewing = await createSession(other.id);
    await invalidateSession(ended.id);
    await prisma.session.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const soon = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
    await prisma.session.update({ where: { id: renewing.id }, data: { expiresAt: soon } });
    const wrongSecret = `${good.id}.wrongsecretwrongsecretwrongsecr`;

    const results = await validateSessionTokens([
      good.token,
      good.token,
      ended.token,
      expired.token,
      renewing.token,
      wrongSecret,
      "malformed",
    ]);
    expect(results.size).toBe(6);
    expect(results.get(good.token)?.user).toMatchObject({ id: user.id, role: "FORUM_MEMBER", memberships: [] });
    expect(results.get(good.token)?.session.renewed).toBe(false);
    expect(results.get(ended.token)).toBeNull();
    expect(results.get(expired.token)).toBeNull();
    expect(await prisma.session.count({ where: { id: expired.id } })).toBe(0);
    expect(results.get(renewing.token)?.user.id).toBe(other.id);
    expect(results.get(renewing.token)?.session.renewed).toBe(true);
    expect(results.get(wrongSecret)).toBeNull();
    expect(results.get("malformed")).toBeNull();
    expect(await validateSessionTokens([])).toEqual(new Map());
  });

  it("sweeps expired sessions", async () => {
    const prisma = await useTestDatabase();
    const user = await createUser();
    const { id } = await createSession(user.id);
    await prisma.session.update({ where: { id }, data: { expiresAt: new Date(0) } });
    expect(await deleteExpiredSessions()).toBeGreaterThanOrEqual(1);
  });

  it("writes an HttpOnly, SameSite=Lax cookie, Secure only over HTTPS, and reads it back", () => {
    const expires = new Date(Date.now() + 1000);
    const plain = sessionCookie("abc.def", expires, false);
    expect(plain).toMatch(/HttpOnly/i);
    expect(plain).toMatch(/SameSite=Lax/i);
    expect(plain).not.toMatch(/Secure/i);
    expect(sessionCookie("abc.def", expires, true)).toMatch(/Secure/);
    expect(readSessionToken("other=1; minka_session=abc.def")).toBe("abc.def");
    expect(readSessionToken(undefined)).toBeNull();
  });
});

describe("sessions pending a second factor (docs/decisions/023)", () => {
  it("a pending session is null for every validator but the second-factor page's, until the factor passes", async () => {
    const prisma = await useTestDatabase();
    const admin = await createUser({ role: "ADMIN" });
    const { token, id, expiresAt } = await createSession(admin.id, null, { pending: true });
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(PENDING_SESSION_MS);
    expect(await validateSessionToken(token)).toBeNull();
    expect((await validateSessionTokens([token])).get(token)).toBeNull();
    const pending = await validatePendingSessionToken(token);
    expect(pending).toMatchObject({ session: { id, enrollKey: null }, user: { id: admin.id, hasSecondFactor: false } });
    // Never renewed while pending.
    expect((await prisma.session.findUniqueOrThrow({ where: { id } })).expiresAt).toEqual(expiresAt);

    const renewedTo = await markSecondFactorVerified(id);
    expect(renewedTo.getTime() - Date.now()).toBeGreaterThan(SESSION_LIFETIME_MS - 60_000);
    expect((await validateSessionToken(token))?.session.secondFactorVerifiedAt).toBeInstanceOf(Date);
    expect(await validatePendingSessionToken(token)).toBeNull();
  });

  it("a person who needs no factor is never pending; one who becomes an administrator is", async () => {
    const prisma = await useTestDatabase();
    const person = await createUser();
    const { token } = await createSession(person.id);
    expect(await validatePendingSessionToken(token)).toBeNull();
    expect(await validateSessionToken(token)).not.toBeNull();
    await prisma.user.update({ where: { id: person.id }, data: { role: "ADMIN" } });
    expect(await validateSessionToken(token)).toBeNull();
    expect(await validatePendingSessionToken(token)).not.toBeNull();
    // A demo account is exempt while demo mode is on (the tests run in demo mode), unless it enrolled.
    await prisma.user.update({ where: { id: person.id }, data: { demoAccount: true } });
    expect(await validateSessionToken(token)).not.toBeNull();
    await prisma.user.update({ where: { id: person.id }, data: { totpKey: Buffer.alloc(20, 1) } });
    expect(await validateSessionToken(token)).toBeNull();
  });
});

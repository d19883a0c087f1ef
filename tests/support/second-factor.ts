import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { expect } from "vitest";
import { cookiesFrom, postForm } from "./http.ts";
import type { RunningServer } from "./server.ts";

// The second factor as a person goes through it without JavaScript (docs/decisions/023): the
// password step, the key read from the enrolment page, codes computed with @oslojs/otp as an
// authenticator app would, the recovery codes read from the page that shows them once.

/** The 6-digit code of a key for the time step `offset` steps from now (30-second steps). */
export function totpCode(key: Uint8Array, offset = 0, now = Date.now()): string {
  return generateHOTP(key, BigInt(Math.floor(now / 30_000) + offset), 6);
}

/** The TOTP key an enrolment page shows (the grouped base32 secret). */
export function keyFromPage(html: string): Uint8Array {
  const match = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(html);
  expect(match, "the enrolment page shows the key").not.toBeNull();
  return decodeBase32IgnorePadding(match![1]!.replace(/ /g, ""));
}

/** The recovery codes a page shows. */
export function recoveryCodesFromPage(html: string): string[] {
  return [...html.matchAll(/<code>([a-z2-7]{4}(?:-[a-z2-7]{4}){3})<\/code>/g)].map((m) => m[1]!);
}

/**
 * The password step of a person who requires a second factor: expects the redirect to the second
 * step and returns the pending session's cookie and where it was sent.
 */
export async function passwordStep(server: RunningServer, email: string, password: string, redirectTo = "/") {
  const response = await postForm(server, "/ingresar", { email, password, redirectTo });
  expect(response.status, `password step of ${email}`).toBe(302);
  const location = response.headers.get("location") ?? "";
  expect(location).toBe(`/ingresar/segundo-factor?${new URLSearchParams({ redirectTo })}`);
  return { cookie: cookiesFrom(response), location };
}

/**
 * An administrator without a factor logs in and enrols: password, the enrolment page, a code from
 * the key it shows. Returns the key, the ten recovery codes and the (now full) session cookie.
 */
export async function enrolAtLogin(server: RunningServer, email: string, password: string) {
  const { cookie, location } = await passwordStep(server, email, password);
  const page = await fetch(`${server.url}${location}`, { headers: { Cookie: cookie } });
  expect(page.status).toBe(200);
  const key = keyFromPage(await page.text());
  const confirmed = await postForm(
    server,
    "/ingresar/segundo-factor",
    { intent: "enrol", code: totpCode(key), redirectTo: "/" },
    { cookie },
  );
  const html = await confirmed.text();
  expect(`${confirmed.status} ${confirmed.headers.get("location")}`, html.slice(0, 300)).toBe("200 null");
  const recoveryCodes = recoveryCodesFromPage(html);
  expect(recoveryCodes).toHaveLength(10);
  return { key, recoveryCodes, cookie };
}

/** A person with a factor logs in: password, then a code (by default the next step's, never used yet). */
export async function loginWithCode(server: RunningServer, email: string, password: string, key: Uint8Array) {
  const { cookie } = await passwordStep(server, email, password);
  const response = await postForm(
    server,
    "/ingresar/segundo-factor",
    { intent: "code", code: totpCode(key, 1), redirectTo: "/" },
    { cookie },
  );
  expect(response.status, `second step of ${email}`).toBe(302);
  expect(response.headers.get("location")).toBe("/");
  return cookie;
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { postForm } from "../support/http.ts";
import { type RunningServer } from "../support/server.ts";
import { ROLES, ROUTES, type Expectation, type Fixtures, type Role, type RouteCase } from "./matrix.ts";
import {
  areaFixtures,
  databaseDigest,
  demoCommitmentId,
  roleSessions,
  startSharedServer,
  type RoleSessions,
} from "./support.ts";

// The authorisation matrix (matrix.ts) against the real server: every route × every role, with
// the answer each must get; a refused request must change nothing in the database.

let server: RunningServer;
let sessions: RoleSessions;
let freshSession: (role: Role) => Promise<string | null>;
let fixtures: Fixtures;

beforeAll(async () => {
  server = await startSharedServer();
  const roles = await roleSessions(server);
  sessions = roles.sessions;
  freshSession = roles.fresh;
  const commitmentForVersions = await demoCommitmentId(server, 1);
  const commitmentForStatus = await demoCommitmentId(server, 2);
  const made = await postForm(
    server,
    `/compromisos/${commitmentForVersions}/historial`,
    { intent: "create-version", name: "Versión inicial" },
    { cookie: sessions.admin! },
  );
  expect(made.status).toBe(302);
  const version = await prisma().commitmentVersion.findFirstOrThrow({
    where: { commitmentId: commitmentForVersions },
    orderBy: { number: "desc" },
  });
  fixtures = {
    closedPlanId: "paga-2017-2019",
    commitmentForStatus,
    commitmentForVersions,
    versionId: version.id,
    orgSlug: "demo-colectivo-ciudadano",
    ...(await areaFixtures(server)),
  };
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

async function send(route: RouteCase, cookie: string | null): Promise<Response> {
  const path = route.path(fixtures);
  if (route.method === "POST" && !route.json) {
    return postForm(server, path, route.form?.(fixtures) ?? {}, cookie ? { cookie } : {});
  }
  if (route.method === "GET") {
    return fetch(`${server.url}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
  }
  // The JSON API's writes: our Origin, as a browser's fetch sends it.
  const headers: Record<string, string> = { Origin: server.origin };
  if (cookie) headers.Cookie = cookie;
  if (route.json) headers["Content-Type"] = "application/json";
  return fetch(`${server.url}${path}`, {
    method: route.method,
    headers,
    body: route.json ? JSON.stringify(route.json(fixtures)) : undefined,
    redirect: "manual",
  });
}

function describeAnswer(response: Response): string {
  return `${response.status} ${response.headers.get("location") ?? ""}`.trim();
}

function check(expected: Expectation, response: Response, label: string) {
  const location = response.headers.get("location") ?? "";
  switch (expected) {
    case "ok":
      expect(response.status, label).not.toBeOneOf([401, 403]);
      expect(response.status, label).toBeLessThan(500);
      expect(location, label).not.toMatch(/^\/ingresar/);
      break;
    case "login":
      if (response.status === 401) break;
      expect(describeAnswer(response), label).toMatch(/^302 \/ingresar\?redirectTo=/);
      break;
    case "forbidden":
      expect(response.status, label).toBe(403);
      break;
    case "home":
      expect(describeAnswer(response), label).toBe("302 /");
      break;
  }
}

const refusal = (expectation: Expectation) => expectation === "login" || expectation === "forbidden";

describe("authorisation matrix", () => {
  it("covers every role for every route", () => {
    for (const route of ROUTES) expect(Object.keys(route.expect).sort(), route.name).toEqual([...ROLES].sort());
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.name}`, async () => {
      // Refusals first, so that an allowed change cannot hide one.
      const order = [...ROLES].sort((a, b) => Number(refusal(route.expect[b])) - Number(refusal(route.expect[a])));
      for (const role of order) {
        const expected = route.expect[role];
        const cookie = route.endsSession ? await freshSession(role) : sessions[role];
        const label = `${route.method} ${route.path(fixtures)} as ${role}: expected ${expected}`;
        if (refusal(expected)) {
          const before = await databaseDigest();
          const response = await send(route, cookie);
          check(expected, response, label);
          await response.arrayBuffer();
          expect(await databaseDigest(), `${label}: the database changed`).toBe(before);
        } else {
          const response = await send(route, cookie);
          check(expected, response, label);
          await response.arrayBuffer();
        }
      }
    });
  }
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { login, postForm } from "../support/http.ts";
import { type RunningServer } from "../support/server.ts";
import { ROUTES, type Fixtures } from "./matrix.ts";
import {
  areaFixtures,
  collabSocket,
  connected,
  databaseDigest,
  demoCommitmentId,
  liveSocket,
  startSharedServer,
} from "./support.ts";

// CSRF: every mutation of the matrix (form posts, and the JSON API's POST, PUT, PATCH and DELETE),
// sent with the administrator's valid cookie but a foreign, null or missing Origin, is refused
// with 403 and changes nothing; socket.io and collab handshakes from a foreign Origin with a valid
// cookie are refused.

let server: RunningServer;
let admin: string;
let fixtures: Fixtures;

beforeAll(async () => {
  server = await startSharedServer();
  admin = await login(server, "admin@minka.pe");
  const commitmentForVersions = await demoCommitmentId(server, 1);
  const made = await postForm(
    server,
    `/compromisos/${commitmentForVersions}/historial`,
    { intent: "create-version", name: "Versión inicial" },
    { cookie: admin },
  );
  expect(made.status).toBe(302);
  const version = await prisma().commitmentVersion.findFirstOrThrow({ where: { commitmentId: commitmentForVersions } });
  fixtures = {
    closedPlanId: "paga-2017-2019",
    commitmentForStatus: await demoCommitmentId(server, 2),
    commitmentForVersions,
    versionId: version.id,
    orgSlug: "demo-colectivo-ciudadano",
    ...(await areaFixtures(server)),
  };
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const ORIGINS: [string, string | null][] = [
  ["foreign", "https://evil.example"],
  ["null", "null"],
  ["look-alike", `${"http://127.0.0.1"}.evil.example`],
  ["missing", null],
];

describe("CSRF on every mutation", () => {
  const mutations = ROUTES.filter((route) => route.method !== "GET");

  it("has mutations to test", () => {
    expect(mutations.length).toBeGreaterThan(8);
  });

  for (const route of mutations) {
    it(`refuses ${route.method} ${route.name} from a foreign or missing Origin, changing nothing`, async () => {
      for (const [label, origin] of ORIGINS) {
        const headers = new Headers({
          "Content-Type": route.json ? "application/json" : "application/x-www-form-urlencoded",
          Cookie: admin,
        });
        if (origin) headers.set("Origin", origin);
        const before = await databaseDigest();
        const response = await fetch(`${server.url}${route.path(fixtures)}`, {
          method: route.method,
          headers,
          body: route.json
            ? JSON.stringify(route.json(fixtures))
            : route.method === "DELETE"
              ? undefined
              : new URLSearchParams(route.form?.(fixtures) ?? {}).toString(),
          redirect: "manual",
        });
        if (route.originExempt) {
          // Exempt from the Origin check (route.originExempt says why): with a token nobody was
          // given, a foreign Origin gets the same refusal as anyone.
          expect(response.status, `${route.name}, ${label} Origin`).toBe(404);
        } else expect(response.status, `${route.name}, ${label} Origin`).toBe(403);
        expect(response.headers.getSetCookie(), `${route.name}, ${label} Origin`).toEqual([]);
        await response.arrayBuffer();
        expect(await databaseDigest(), `${route.name}, ${label} Origin: the database changed`).toBe(before);
      }
    });
  }

  it("refuses other methods that can change state the same way", async () => {
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const response = await fetch(`${server.url}/cuenta`, { method, headers: { Cookie: admin } });
      expect(response.status, method).toBe(403);
    }
  });
});

describe("CSRF on live connections", () => {
  it("refuses a socket.io handshake from a foreign Origin carrying a valid cookie", async () => {
    const ours = liveSocket(server, admin);
    await connected(ours);
    ours.close();
    for (const origin of ["https://evil.example", "null"]) {
      const socket = liveSocket(server, admin, origin);
      await expect(connected(socket)).rejects.toBeInstanceOf(Error);
      socket.close();
    }
  });

  it("refuses a collab websocket from a foreign Origin carrying a valid cookie", async () => {
    const room = `commitment/${fixtures.commitmentForVersions}`;
    const ours = collabSocket(server, room, admin);
    await ours.opened;
    ours.ws.close();
    for (const origin of ["https://evil.example", "null"]) {
      const foreign = collabSocket(server, room, admin, origin);
      await expect(foreign.opened).rejects.toThrow("HTTP 403");
    }
  });
});

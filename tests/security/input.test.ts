import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login } from "../support/http.ts";
import type { RunningServer } from "../support/server.ts";
import { collabSocket, connected, demoCommitmentId, liveSocket, startSharedServer } from "./support.ts";

// Hostile input against the real server: query parameters that try to reach Prisma as field names
// or operators, oversized bodies and frames, and the Content-Security-Policy of every page.

let server: RunningServer;
let admin: string;

beforeAll(async () => {
  server = await startSharedServer();
  admin = await login(server, "admin@minka.pe");
});

afterAll(async () => {
  await server?.stop();
});

/** The entity links a listing page shows, in order: what a filter selects. */
async function listing(path: string, pattern: RegExp): Promise<string[]> {
  const response = await fetch(`${server.url}${path}`);
  expect(response.status, path).toBe(200);
  return [...(await response.text()).matchAll(pattern)].map((m) => m[1]!);
}

const HOSTILE_VALUES = [
  "passwordHash",
  "email",
  "__proto__",
  "constructor",
  "NATIONAL' OR '1'='1",
  '{"not":"NATIONAL"}',
  "contains",
  "CIVIL_SOCIETY; DROP TABLE User",
  "",
  "x".repeat(5000),
];

describe("injection: filters and sorts are whitelisted", () => {
  it("ignores unknown values, operators and extra parameters in the plan filter", async () => {
    const plans = /href="\/planes\/([^"/?]+)"/g;
    const all = await listing("/planes", plans);
    const national = await listing("/planes?ambito=NATIONAL", plans);
    expect(national.length).toBeGreaterThan(0);
    expect(national.length).toBeLessThan(all.length);
    for (const value of HOSTILE_VALUES) {
      expect(await listing(`/planes?${new URLSearchParams({ ambito: value })}`, plans), value).toEqual(all);
    }
    for (const query of [
      "ambito[not]=NATIONAL",
      "ambito[in][]=NATIONAL",
      "ambito=NATIONAL&ambito=REGIONAL",
      "orderBy=passwordHash",
      "orderBy[email]=asc",
      "select[passwordHash]=true",
      "where[role]=ADMIN",
    ]) {
      const answer = await listing(`/planes?${query}`, plans);
      expect(answer, query).toEqual(query.startsWith("ambito=NATIONAL") ? national : all);
    }
  });

  it("ignores unknown values and operators in the organisation filter", async () => {
    const organizations = /href="\/organizaciones\/([^"/?]+)"/g;
    const all = await listing("/organizaciones", organizations);
    const academia = await listing("/organizaciones?sector=ACADEMIA", organizations);
    expect(academia.length).toBeLessThan(all.length);
    for (const value of HOSTILE_VALUES) {
      expect(await listing(`/organizaciones?${new URLSearchParams({ sector: value })}`, organizations), value).toEqual(
        all,
      );
    }
    for (const query of ["sector[not]=ACADEMIA", "orderBy=passwordHash", "include[memberships][user]=true"]) {
      expect(await listing(`/organizaciones?${query}`, organizations), query).toEqual(all);
    }
  });

  it("ignores query parameters on the open-data API", async () => {
    const plain = await (await fetch(`${server.url}/api/v1/plans`)).text();
    for (const query of [
      "orderBy=passwordHash",
      "select[passwordHash]=true",
      "where[isDemo]=true",
      "include[users]=true",
    ]) {
      const response = await fetch(`${server.url}/api/v1/plans?${query}`);
      expect(response.status, query).toBe(200);
      expect(await response.text(), query).toBe(plain);
    }
  });

  it("answers hostile version ids in the comparison with 400 or 404, never an error", async () => {
    const commitmentId = await demoCommitmentId(server, 0);
    for (const query of [
      "de=__proto__&a=constructor",
      "de[not]=x&a[in]=y",
      "de=' OR 1=1 --&a=1",
      `de=${"x".repeat(5000)}&a=1`,
      "de=&a=",
    ]) {
      const response = await fetch(`${server.url}/compromisos/${commitmentId}/comparar?${query}`);
      expect([400, 404], query).toContain(response.status);
    }
  });

  it("answers hostile ids in paths with 404", async () => {
    for (const path of [
      "/planes/%27%20OR%201%3D1",
      "/api/v1/plans/__proto__",
      "/api/v1/commitments/constructor",
      "/organizaciones/%7B%22not%22%3Anull%7D",
      `/compromisos/${"x".repeat(3000)}`,
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
    }
  });
});

describe("oversized input is refused early", () => {
  it("refuses a form or JSON body over 1 MiB with 413", async () => {
    const form = await fetch(`${server.url}/cuenta`, {
      method: "POST",
      headers: { Origin: server.origin, Cookie: admin, "Content-Type": "application/x-www-form-urlencoded" },
      body: `intent=change-password&currentPassword=${"x".repeat(1_100_000)}`,
    });
    expect(form.status).toBe(413);
    const json = await fetch(`${server.url}/ingresar`, {
      method: "POST",
      headers: { Origin: server.origin, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "a@b.pe", password: "x".repeat(1_100_000) }),
    });
    expect(json.status).toBe(413);
  });

  it("refuses a streamed (chunked) body, whose size is unknown, with 411 before reading it", async () => {
    const { hostname, port } = new URL(server.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          hostname,
          port,
          path: "/ingresar",
          method: "POST",
          headers: {
            Origin: server.origin,
            "Content-Type": "application/x-www-form-urlencoded",
            "Transfer-Encoding": "chunked",
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", (error) => ((error as NodeJS.ErrnoException).code === "EPIPE" ? undefined : reject(error)));
      const chunk = "x".repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 40) {
          sent += 1;
          if (!req.write(chunk)) return req.once("drain", pump);
        }
        req.end();
      };
      req.write("email=a%40b.pe&password=");
      pump();
    });
    expect(status).toBe(411);
  });

  it("closes a collab connection that sends a frame over 1 MiB, and a socket.io one over 64 KiB", async () => {
    const collab = collabSocket(server, `commitment/${await demoCommitmentId(server, 0)}`, admin);
    await collab.opened;
    collab.ws.send(Buffer.alloc(1024 * 1024 + 16, 1));
    expect(await collab.closed).toBe(1009);

    const socket = liveSocket(server, admin);
    await connected(socket);
    const ended = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
    socket.emit("live:subscribe", { rooms: ["x".repeat(70 * 1024)] });
    expect(await ended).toBe("transport close");
    socket.close();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("Content-Security-Policy", () => {
  it("allows scripts only from our origin and per-response nonces, never 'unsafe-inline'", async () => {
    const commitmentId = await demoCommitmentId(server, 0);
    for (const path of ["/", "/planes", `/compromisos/${commitmentId}/editar`, "/cuenta", "/ingresar"]) {
      const response = await fetch(`${server.url}${path}`, { headers: { Cookie: path === "/ingresar" ? "" : admin } });
      const csp = response.headers.get("content-security-policy") ?? "";
      const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
      expect(scriptSrc, path).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]+'$/);
      expect(csp, path).not.toContain("unsafe-eval");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      const nonce = scriptSrc.match(/'nonce-([^']+)'/)![1];
      const html = await response.text();
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
      expect(inline.length, path).toBeGreaterThan(0);
      for (const [, attributes] of inline) expect(attributes, path).toContain(`nonce="${nonce}"`);
    }
  });
});

import { spawnSync } from "node:child_process";
import path from "node:path";
import { connect } from "node:net";
import { io as ioClient } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesFrom, login, postForm } from "../support/http.ts";
import { TMP_DIR } from "../support/paths.ts";
import { startServer, type RunningServer } from "../support/server.ts";

// The real server, as `npm start` runs it: migrations, demo data, Remix, socket.io and Yjs on one port.
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

type PlanSummary = {
  id: string;
  declaredCommitmentCount: number | null;
  declaredCompliance: number | null;
  themes: string[];
};

describe("health and public read API", () => {
  it("answers /healthz with ok while the database answers", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", redis: "off" });
  });

  it("lists the source's national plans with their commitment counts and compliance", async () => {
    const response = await fetch(`${server.url}/api/v1/plans`);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const { data } = (await response.json()) as { data: PlanSummary[] };
    const byId = Object.fromEntries(data.map((plan) => [plan.id, plan]));
    expect(byId["paga-2012-2013"]).toMatchObject({ declaredCommitmentCount: 47, declaredCompliance: 30 });
    expect(byId["paga-2015-2016"]).toMatchObject({ declaredCommitmentCount: 17, declaredCompliance: 47 });
    expect(byId["paga-2017-2019"]).toMatchObject({ declaredCommitmentCount: 18, declaredCompliance: 67 });
    expect(byId["paga-2020-2021"]).toMatchObject({ declaredCommitmentCount: 21 });
    expect(byId["paga-2020-2021"]!.themes).toContain("Calidad regulatoria");
    expect(byId["plan-demostracion-2027-2028"]).toMatchObject({ phase: "CO_CREATION", isDemo: true });
    expect(data.some((plan) => plan.id.startsWith("la-libertad"))).toBe(true);
  });

  it("shows a plan with its sourced commitments, and one commitment on the OGP template", async () => {
    const response = await fetch(`${server.url}/api/v1/plans/paga-2020-2021`);
    const { data } = (await response.json()) as {
      data: {
        commitments: { id: string; number: number; ogpId: string; titleEn: string; leadInstitution: string | null }[];
      };
    };
    expect(data.commitments).toHaveLength(19);
    const identicole = data.commitments.find((c) => c.ogpId === "PE0091")!;
    expect(identicole).toMatchObject({ number: 8, leadInstitution: "Ministerio de Educación" });
    expect(identicole.titleEn).toContain("Identicole");

    const one = await fetch(`${server.url}/api/v1/commitments/${identicole.id}`);
    expect(one.status).toBe(200);
    const { data: commitment } = (await one.json()) as { data: Record<string, unknown> };
    expect(commitment).toMatchObject({ ogpId: "PE0091", earlyResults: "Outstanding", status: "APPROVED" });
    for (const field of [
      "problem",
      "baseline",
      "description",
      "contribution",
      "milestones",
      "indicators",
      "supportingActors",
    ]) {
      expect(commitment).toHaveProperty(field);
    }
  });

  it("answers unknown ids with a JSON 404", async () => {
    for (const path of ["/api/v1/plans/no-such-plan", "/api/v1/commitments/no-such-commitment"]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { status: 404 } });
    }
  });

  it("serves every public page without an account, and 404 for unknown paths", async () => {
    const plan = (await (await fetch(`${server.url}/api/v1/plans/plan-demostracion-2027-2028`)).json()) as {
      data: { commitments: { id: string }[] };
    };
    const pages = [
      "/",
      "/planes",
      "/planes/paga-2012-2013",
      `/compromisos/${plan.data.commitments[0]!.id}`,
      "/organizaciones",
      "/privacidad",
      "/ingresar",
      "/registro",
    ];
    for (const page of pages) {
      const response = await fetch(`${server.url}${page}`);
      expect(response.status, page).toBe(200);
      expect(await response.text(), page).toContain('lang="es-PE"');
    }
    expect((await fetch(`${server.url}/no-existe`)).status).toBe(404);
    expect((await fetch(`${server.url}/planes/no-existe`)).status).toBe(404);
  });
});

describe("CSRF, sessions and accounts", () => {
  it("refuses a mutation with a missing or foreign Origin with 403, creating no session", async () => {
    const missing = await fetch(`${server.url}/ingresar`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=admin%40minka.pe&password=minka-demo",
      redirect: "manual",
    });
    expect(missing.status).toBe(403);
    expect(missing.headers.getSetCookie()).toEqual([]);
    const foreign = await postForm(
      server,
      "/ingresar",
      { email: "admin@minka.pe", password: "minka-demo" },
      {
        headers: { Origin: "https://evil.example" },
      },
    );
    expect(foreign.status).toBe(403);
    expect(foreign.headers.getSetCookie()).toEqual([]);
  });

  it("logs in with a plain form post and sets an HttpOnly, SameSite=Lax session cookie", async () => {
    const response = await postForm(server, "/ingresar", {
      email: "ciudadana@minka.pe",
      password: "minka-demo",
      redirectTo: "/cuenta",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/cuenta");
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^minka_session=[a-z0-9]+\.[a-z0-9]+;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const account = await fetch(`${server.url}/cuenta`, { headers: { Cookie: cookiesFrom(response) } });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain("Lucía Mamani");
  });

  it("never redirects off-site after login", async () => {
    const response = await postForm(server, "/ingresar", {
      email: "ciudadana@minka.pe",
      password: "minka-demo",
      redirectTo: "//evil.example/x",
    });
    expect(response.headers.get("location")).toBe("/");
  });

  it("gives the same answer for an unknown email as for a wrong password", async () => {
    const wrong = await postForm(server, "/ingresar", { email: "foro@minka.pe", password: "not-the-password" });
    const unknown = await postForm(server, "/ingresar", { email: "nobody@minka.pe", password: "not-the-password" });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const message = "El correo o la contraseña no son correctos.";
    const wrongText = await wrong.text();
    const unknownText = await unknown.text();
    expect(wrongText).toContain(message);
    expect(unknownText).toContain(message);
    // Apart from the email typed and the per-response CSP nonce, the pages are identical.
    const normalise = (html: string, email: string) => {
      const nonce = html.match(/nonce="([^"]+)"/)?.[1] ?? "none";
      return html.replaceAll(email, "X").replaceAll(nonce, "N");
    };
    expect(normalise(wrongText, "foro@minka.pe")).toBe(normalise(unknownText, "nobody@minka.pe"));
  });

  it("rate-limits repeated failed logins with 429 and Retry-After", async () => {
    let last: Response | undefined;
    for (let attempt = 0; attempt < 12; attempt++) {
      last = await postForm(server, "/ingresar", { email: "limit@minka.pe", password: `wrong-${attempt}` });
      if (last.status === 429) break;
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("answers a malformed login form with 400 and the form again", async () => {
    const response = await postForm(server, "/ingresar", { email: "not-an-email" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Escribe un correo electrónico válido");
    expect(html).toContain('value="not-an-email"');
  });

  it("registers only with consent, then logs the new person in", async () => {
    const email = `nueva-${Date.now()}@example.pe`;
    const fields = { name: "Nueva Persona", email, password: "una frase segura", passwordConfirm: "una frase segura" };
    const refused = await postForm(server, "/registro", fields);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("necesitamos tu consentimiento");
    const accepted = await postForm(server, "/registro", { ...fields, consent: "on" });
    expect(accepted.status).toBe(302);
    const account = await fetch(`${server.url}/cuenta`, { headers: { Cookie: cookiesFrom(accepted) } });
    const html = await account.text();
    expect(html).toContain("Nueva Persona");
    expect(html).toMatch(/versión 2026-11-01/);
  });

  it("logs out with POST /salir, ending the session on the server", async () => {
    const cookie = await login(server, "foro@minka.pe");
    const response = await postForm(server, "/salir", {}, { cookie });
    expect(response.status).toBe(302);
    expect(response.headers.getSetCookie()[0]).toMatch(/minka_session=;/);
    const account = await fetch(`${server.url}/cuenta`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(account.status).toBe(302);
    expect(account.headers.get("location")).toMatch(/^\/ingresar\?redirectTo=%2Fcuenta/);
  });

  it("logs out everywhere: every session of the person ends", async () => {
    const first = await login(server, "servidor@minka.pe");
    const second = await login(server, "servidor@minka.pe");
    const response = await postForm(server, "/cuenta", { intent: "logout-everywhere" }, { cookie: first });
    expect(response.status).toBe(302);
    const other = await fetch(`${server.url}/cuenta`, { headers: { Cookie: second }, redirect: "manual" });
    expect(other.status).toBe(302);
  });

  it("refuses a body larger than 1 MiB with 413", async () => {
    const response = await postForm(server, "/ingresar", { email: "a@b.pe", password: "x".repeat(1_100_000) });
    expect(response.status).toBe(413);
  });
});

describe("authorisation on the server", () => {
  it("lets only the secretariat change a plan's phase; refused attempts change nothing", async () => {
    const citizen = await login(server, "ciudadana@minka.pe");
    const refused = await postForm(server, "/planes/paga-2017-2019", { phase: "IMPLEMENTATION" }, { cookie: citizen });
    expect(refused.status).toBe(403);
    const anonymous = await postForm(server, "/planes/paga-2017-2019", { phase: "IMPLEMENTATION" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/ingresar/);
    const plan = (await (await fetch(`${server.url}/api/v1/plans/paga-2017-2019`)).json()) as {
      data: { phase: string };
    };
    expect(plan.data.phase).toBe("CLOSED");
  });

  it("announces the secretariat's act live over socket.io, to everyone and to the plan's room", async () => {
    const admin = await login(server, "admin@minka.pe");
    const socket = ioClient(server.url, { transports: ["websocket"], extraHeaders: { Origin: server.origin } });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      const heard = new Promise<{ kind: string; subjectId: string }>((resolve) => socket.once("activity:new", resolve));
      const heardInRoom = new Promise((resolve) => socket.once("live", resolve));
      expect(
        await socket.timeout(2000).emitWithAck("live:subscribe", { rooms: ["plan:paga-2015-2016"] }),
      ).toMatchObject({
        ok: true,
      });
      const response = await postForm(server, "/planes/paga-2015-2016", { phase: "IMPLEMENTATION" }, { cookie: admin });
      expect(response.status).toBe(302);
      expect(await heard).toMatchObject({ kind: "plan.phase", subjectId: "paga-2015-2016" });
      expect(await heardInRoom).toMatchObject({ room: "plan:paga-2015-2016", type: "plan.phase", seq: 1 });
      const bad = await postForm(server, "/planes/paga-2015-2016", { phase: "NOT_A_PHASE" }, { cookie: admin });
      expect(bad.status).toBe(400);
    } finally {
      socket.close();
    }
  });
});

describe("one port: websocket upgrades routed by path", () => {
  it("refuses a socket.io handshake from a foreign Origin", async () => {
    const socket = ioClient(server.url, {
      transports: ["websocket"],
      extraHeaders: { Origin: "https://evil.example" },
      reconnection: false,
    });
    const error = await new Promise<Error>((resolve) => socket.once("connect_error", resolve));
    socket.close();
    expect(error).toBeInstanceOf(Error);
  });

  it("refuses an upgrade on any other path", async () => {
    const { port } = new URL(server.url);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write(
          "GET /somewhere HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        );
      });
      let data = "";
      socket.on("data", (chunk) => (data += chunk));
      socket.on("close", () => resolve(data));
    });
    expect(answer).toMatch(/^HTTP\/1.1 404/);
  });
});

describe("process lifecycle", () => {
  it("stops start-up with one clear line on a bad configuration value", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "server/index.ts"], {
      env: { ...process.env, PORT: "abc" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("Invalid configuration: PORT: PORT must be a number");
  });

  it("creates the database's folder on first start, shuts down gracefully on SIGTERM and keeps its data", async () => {
    const own = await startServer({ DATABASE_URL: `file:${path.join(TMP_DIR, `fresh-${Date.now()}`, "minka.db")}` });
    const cookie = await login(own, "admin@minka.pe");
    expect(await own.stop("SIGTERM")).toBe(0);
    expect(own.output()).toContain("stopped");
    const again = await startServer({ DATABASE_URL: own.databaseUrl });
    try {
      const account = await fetch(`${again.url}/cuenta`, { headers: { Cookie: cookie } });
      expect(account.status).toBe(200);
      // Request logs never carry the cookie (a session token).
      await expect.poll(() => again.output()).toContain('"url":"/cuenta"');
      expect(again.output()).not.toContain("minka_session");
    } finally {
      await again.stop();
    }
  }, 120_000);
});

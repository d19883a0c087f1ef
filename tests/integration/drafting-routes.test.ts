import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login, postForm } from "../support/http.ts";
import { startServer, type RunningServer } from "../support/server.ts";

// The history and workflow pages over HTTP, against the real server with its demo data, as a
// browser without JavaScript uses them: plain form posts, redirects, and the status codes of
// refusals (401/403 redirect or page, 400 for malformed forms, 404 for unknown ids), with nothing
// changed by a refused request.

let server: RunningServer;
let commitmentId: string;

beforeAll(async () => {
  server = await startServer();
  const plan = (await (await fetch(`${server.url}/api/v1/plans/plan-demostracion-2027-2028`)).json()) as {
    data: { commitments: { id: string }[] };
  };
  commitmentId = plan.data.commitments[1]!.id;
});

afterAll(async () => {
  await server?.stop();
});

async function versionLinks(cookie?: string): Promise<string[]> {
  const html = await (
    await fetch(`${server.url}/compromisos/${commitmentId}/historial`, { headers: cookie ? { Cookie: cookie } : {} })
  ).text();
  return [...new Set(html.match(/\/compromisos\/[^/"]+\/historial\/[A-Za-z0-9_-]+/g) ?? [])];
}

describe("history pages", () => {
  it("saves named versions for the team only, and refuses malformed or foreign requests", async () => {
    const servant = await login(server, "servidor@minka.pe");
    const citizen = await login(server, "ciudadana@minka.pe");
    const path = `/compromisos/${commitmentId}/historial`;

    const anonymousPage = await fetch(`${server.url}${path}`);
    expect(anonymousPage.status).toBe(200);
    const anonymousHtml = await anonymousPage.text();
    expect(anonymousHtml).toContain("Historial de versiones");
    expect(anonymousHtml).not.toContain("Guardar una versión con nombre");

    const empty = await postForm(server, path, { intent: "create-version", name: "   " }, { cookie: servant });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Escribe un nombre para la versión.");
    const tooLong = await postForm(
      server,
      path,
      { intent: "create-version", name: "x".repeat(121) },
      { cookie: servant },
    );
    expect(tooLong.status).toBe(400);
    const unknownIntent = await postForm(server, path, { intent: "drop-table" }, { cookie: servant });
    expect(unknownIntent.status).toBe(400);
    const foreign = await postForm(server, path, { intent: "create-version", name: "Ajena" }, { cookie: citizen });
    expect(foreign.status).toBe(403);
    const anonymous = await postForm(server, path, { intent: "create-version", name: "Anónima" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/ingresar/);
    expect(await versionLinks()).toEqual([]);

    const saved = await postForm(
      server,
      path,
      { intent: "create-version", name: "Versión de la prueba" },
      { cookie: servant },
    );
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`${path}?guardada=1`);
    const [versionPath] = await versionLinks();
    expect(versionPath).toBeDefined();

    // The version page: public, read-only; the restore button only for the team.
    const asReader = await (await fetch(`${server.url}${versionPath}`)).text();
    expect(asReader).toContain("Versión 1: Versión de la prueba");
    expect(asReader).not.toContain("Restaurar la versión 1");
    const asTeam = await (await fetch(`${server.url}${versionPath}`, { headers: { Cookie: servant } })).text();
    expect(asTeam).toContain("Restaurar la versión 1");

    expect((await postForm(server, versionPath!, { intent: "restore" }, { cookie: citizen })).status).toBe(403);
    expect((await postForm(server, versionPath!, { intent: "nope" }, { cookie: servant })).status).toBe(400);
    expect((await postForm(server, `${path}/no-such-version`, { intent: "restore" }, { cookie: servant })).status).toBe(
      404,
    );
    expect(await versionLinks()).toHaveLength(1);

    const restored = await postForm(server, versionPath!, { intent: "restore" }, { cookie: servant });
    expect(restored.status).toBe(302);
    // Nothing changed since the version: recorded, but no new content.
    expect(restored.headers.get("location")).toBe(`${path}?restaurada=1`);
    expect(await versionLinks()).toHaveLength(2);
  });

  it("compares two states, with 400 for missing parameters and 404 for unknown versions", async () => {
    const [versionPath] = await versionLinks();
    const versionId = versionPath!.split("/").pop()!;
    const compare = `/compromisos/${commitmentId}/comparar`;
    const ok = await fetch(`${server.url}${compare}?de=${versionId}&a=actual`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Comparación de versiones");
    expect((await fetch(`${server.url}${compare}?de=${versionId}`)).status).toBe(400);
    expect((await fetch(`${server.url}${compare}?de=${versionId}&a=../../etc`)).status).toBe(400);
    expect((await fetch(`${server.url}${compare}?de=${versionId}&a=no-such-version`)).status).toBe(404);
    expect((await fetch(`${server.url}/compromisos/no-such-commitment/historial`)).status).toBe(404);
  });
});

describe("workflow form", () => {
  it("moves the commitment for those allowed, and answers others with 400/403", async () => {
    const servant = await login(server, "servidor@minka.pe");
    const citizen = await login(server, "ciudadana@minka.pe");
    const admin = await login(server, "admin@minka.pe");
    const path = `/compromisos/${commitmentId}`;
    const status = async () =>
      ((await (await fetch(`${server.url}/api/v1/commitments/${commitmentId}`)).json()) as { data: { status: string } })
        .data.status;

    expect(
      (await postForm(server, path, { intent: "status", to: "IN_CONSULTATION" }, { cookie: citizen })).status,
    ).toBe(403);
    expect((await postForm(server, path, { intent: "status", to: "NOT_A_STATUS" }, { cookie: servant })).status).toBe(
      400,
    );
    expect((await postForm(server, path, { intent: "status", to: "APPROVED" }, { cookie: admin })).status).toBe(400);
    expect(await status()).toBe("DRAFT");

    const moved = await postForm(server, path, { intent: "status", to: "IN_CONSULTATION" }, { cookie: servant });
    expect(moved.status).toBe(302);
    expect(await status()).toBe("IN_CONSULTATION");
    const page = await (await fetch(`${server.url}${path}?estado=cambiado`, { headers: { Cookie: admin } })).text();
    expect(page).toContain("El estado del compromiso cambió.");
    expect(page).toContain("Registrar el acuerdo del Foro");

    expect((await postForm(server, path, { intent: "status", to: "AGREED" }, { cookie: admin })).status).toBe(302);
    expect((await postForm(server, path, { intent: "status", to: "APPROVED" }, { cookie: admin })).status).toBe(302);
    const approved = (await (await fetch(`${server.url}/api/v1/commitments/${commitmentId}`)).json()) as {
      data: { status: string; approvedHash: string | null };
    };
    expect(approved.data.status).toBe("APPROVED");
    expect(approved.data.approvedHash).toMatch(/^[0-9a-f]{64}$/);
    const publicPage = await (await fetch(`${server.url}${path}`)).text();
    expect(publicPage).toContain(approved.data.approvedHash);
    expect(publicPage).not.toContain('name="to"');
  });
});

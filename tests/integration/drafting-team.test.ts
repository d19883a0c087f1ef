import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CLOSE } from "../../app/collab/protocol.ts";
import { collabClients } from "../support/collab.ts";
import { login, postForm } from "../support/http.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { waitFor } from "../support/wait.ts";

// The drafting team page over HTTP and its effect on open editors: the demo team writes across
// sectors (the public servant and the civil-society co-lead); the secretariat adds a member from
// academia, whose open editor turns read-write at once and whose words then reach the team;
// removing them turns it read-only again. Refusals change nothing.

let server: RunningServer;
let commitmentId: string;
const clients = collabClients();

beforeAll(async () => {
  server = await startServer();
  const plan = (await (await fetch(`${server.url}/api/v1/plans/plan-demostracion-2027-2028`)).json()) as {
    data: { commitments: { id: string }[] };
  };
  commitmentId = plan.data.commitments[2]!.id;
});

afterAll(async () => {
  clients.destroyAll();
  await server?.stop();
});

function connect(cookie: string) {
  return clients.connect(server, `commitment/${commitmentId}`, cookie);
}

function addParagraph(doc: Y.Doc, text: string) {
  const fragment = doc.getXmlFragment("prose:problem");
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [paragraph]);
}

const teamPath = () => `/compromisos/${commitmentId}/equipo`;
const page = async (cookie?: string) =>
  (await fetch(`${server.url}${teamPath()}`, { headers: cookie ? { Cookie: cookie } : {} })).text();
/** The kinds of the public record's entries about the commitment, reading every page. */
const ledgerKinds = async () => {
  const kinds: string[] = [];
  let next: string | null = "/api/v1/ledger?limit=500";
  while (next) {
    const body = (await (await fetch(`${server.url}${next}`)).json()) as {
      data: { kind: string; subjectId: string }[];
      next: string | null;
    };
    kinds.push(...body.data.filter((e) => e.subjectId === commitmentId).map((e) => e.kind));
    next = body.next;
  }
  return kinds;
};

describe("drafting team", () => {
  it("is public; only the secretariat changes it, and malformed or foreign requests change nothing", async () => {
    const [admin, citizen] = await Promise.all([login(server, "admin@minka.pe"), login(server, "ciudadana@minka.pe")]);
    const anonymous = await page();
    expect(anonymous).toContain("Equipo de redacción");
    expect(anonymous).not.toContain("Incorporar a una persona");
    expect(await page(admin)).toContain("Incorporar a una persona");
    const teamTable = async () => (await page(admin)).match(/<table>[\s\S]*<\/table>/)?.[0];
    const before = await teamTable();
    // The demo team writes across sectors: a co-lead for each side (name, role, sector).
    expect(anonymous).toMatch(
      /<th scope="row">Jorge Huamán \(demo\)<\/th><td>Co-líder por el Gobierno<\/td><td>Sector público<\/td>/,
    );
    expect(anonymous).toMatch(
      /<th scope="row">Rosa Quispe \(demo\)<\/th><td>Co-líder por la sociedad civil<\/td><td>Sociedad civil<\/td>/,
    );

    const add = { intent: "team-add", email: "academia@minka.pe" };
    expect((await postForm(server, teamPath(), add)).headers.get("location")).toMatch(/^\/ingresar/);
    expect((await postForm(server, teamPath(), add, { cookie: citizen })).status).toBe(403);
    const bad = await postForm(server, teamPath(), { ...add, email: "no es un correo" }, { cookie: admin });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Escribe un correo electrónico válido.");
    const unknown = await postForm(server, teamPath(), { ...add, email: "nadie@minka.pe" }, { cookie: admin });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("No hay ninguna cuenta con ese correo electrónico.");
    expect((await postForm(server, teamPath(), { intent: "drop" }, { cookie: admin })).status).toBe(400);
    expect((await postForm(server, "/compromisos/no-such-commitment/equipo", add, { cookie: admin })).status).toBe(404);
    expect(
      (await postForm(server, teamPath(), { intent: "team-remove", userId: "nobody" }, { cookie: admin })).status,
    ).toBe(400);
    expect(
      (await postForm(server, teamPath(), { intent: "team-remove", userId: "x".repeat(65) }, { cookie: admin })).status,
    ).toBe(400);
    expect(await teamTable()).toBe(before);
  });

  it("turns a new member's open editor read-write when added and read-only when removed", async () => {
    const [admin, member, servant] = await Promise.all([
      login(server, "admin@minka.pe"),
      login(server, "academia@minka.pe"),
      login(server, "servidor@minka.pe"),
    ]);
    const teammate = connect(servant);
    const outsider = connect(member);
    await Promise.all([teammate.synced(), outsider.synced()]);
    const text = () => teammate.doc.getXmlFragment("prose:problem").toString();

    // Not on the team: what they type is dropped.
    addParagraph(outsider.doc, "Escrito antes de formar parte del equipo");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(text()).not.toContain("Escrito antes de formar parte del equipo");

    const added = await postForm(
      server,
      teamPath(),
      { intent: "team-add", email: "academia@minka.pe" },
      { cookie: admin },
    );
    expect(added.status).toBe(302);
    expect(added.headers.get("location")).toBe(`${teamPath()}?hecho=incorporada`);
    expect(await page()).toContain("Ana Torres (demo)");
    expect(await page()).toContain("Academia");
    const again = await postForm(
      server,
      teamPath(),
      { intent: "team-add", email: "academia@minka.pe" },
      { cookie: admin },
    );
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("Esa persona ya forma parte del equipo.");

    // Their editor was told, reconnected read-write, and their words now reach the team.
    await waitFor(() => outsider.closes.includes(CLOSE.PERMISSIONS_CHANGED.code), "permissions changed", 5_000);
    await waitFor(() => outsider.provider.synced && outsider.provider.wsconnected, "reconnected", 10_000);
    addParagraph(outsider.doc, "Escrito por la academia");
    await waitFor(() => text().includes("Escrito por la academia"), "the member's words on the team's editor");

    const memberId = (await page(admin)).match(
      /name="userId" value="([^"]+)"\/>\s*<button[^>]*>Retirar a Ana Torres \(demo\) del equipo/,
    )?.[1];
    expect(memberId).toBeDefined();
    const closesBefore = outsider.closes.length;
    const removed = await postForm(server, teamPath(), { intent: "team-remove", userId: memberId! }, { cookie: admin });
    expect(removed.status).toBe(302);
    expect(await page()).not.toContain("Ana Torres (demo)");
    await waitFor(() => outsider.closes.length > closesBefore, "closed again", 5_000);
    await waitFor(() => outsider.provider.synced && outsider.provider.wsconnected, "reconnected read-only", 10_000);
    addParagraph(outsider.doc, "Escrito después de dejar el equipo");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(text()).not.toContain("Escrito después de dejar el equipo");

    const kinds = await ledgerKinds();
    expect(kinds).toContain("commitment.team_joined");
    expect(kinds).toContain("commitment.team_left");
  });
});

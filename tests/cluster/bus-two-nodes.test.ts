import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CLOSE } from "../../app/collab/protocol.ts";
import { collabClients } from "../support/collab.ts";
import { login, postForm } from "../support/http.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { waitFor } from "../support/wait.ts";

// Changes made through node A that the server writes into a document, or that change who may
// write it, reach an editor connected through node B within a second, over the event bus on Redis
// (docs/decisions/014). Node A never has the room loaded: nobody is connected to it there.
// Runs with `npm run test:postgres` where PostgreSQL and Redis are reachable.
const REDIS_URL = process.env.MINKA_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const WITHIN_MS = 1_000;
let a: RunningServer;
let b: RunningServer;
const clients = collabClients();

beforeAll(async () => {
  const databaseUrl = await createTestDatabase();
  const prefix = `t${randomUUID().slice(0, 8)}`;
  a = await startServer({ DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: prefix });
  b = await startServer({ DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: prefix });
}, 120_000);

afterAll(async () => {
  clients.destroyAll();
  await Promise.all([a?.stop(), b?.stop()]);
});

function addParagraph(doc: Y.Doc, field: string, text: string) {
  const fragment = doc.getXmlFragment(field);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [paragraph]);
}

/** Resolves with the milliseconds it took `check` to hold, failing after WITHIN_MS. */
async function within(check: () => boolean, what: string): Promise<number> {
  const started = performance.now();
  await waitFor(check, what, WITHIN_MS);
  return performance.now() - started;
}

async function html(server: RunningServer, path: string, cookie: string): Promise<string> {
  const response = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie } });
  expect(response.status).toBe(200);
  return response.text();
}

describe("the event bus on two nodes", () => {
  it("a restore and a team removal through node A reach an editor on node B within a second", async () => {
    const [servantOnA, servantOnB, adminOnA] = await Promise.all([
      login(a, "servidor@minka.pe"),
      login(b, "servidor@minka.pe"),
      login(a, "admin@minka.pe"),
    ]);
    const plan = (await (await fetch(`${a.url}/api/v1/plans/plan-demostracion-2027-2028`)).json()) as {
      data: { commitments: { id: string }[] };
    };
    const commitmentId = plan.data.commitments[0]!.id;
    const room = `commitment/${commitmentId}`;
    const history = `/compromisos/${commitmentId}/historial`;

    // A version through A, then an edit on B after it.
    const saved = await postForm(
      a,
      history,
      { intent: "create-version", name: "Antes del cambio" },
      { cookie: servantOnA },
    );
    expect(saved.status).toBe(302);
    const versionPath = (await html(a, history, servantOnA)).match(new RegExp(`${history}/[A-Za-z0-9_-]+`))?.[0];
    expect(versionPath).toBeDefined();
    const editor = clients.connect(b, room, servantOnB);
    await editor.synced();
    const closes: number[] = [];
    editor.provider.on("connection-close", (event) => {
      if (event) closes.push(event.code);
    });
    addParagraph(editor.doc, "prose:problem", "Cambio que la restauración deshace");
    const problem = () => editor.doc.getXmlFragment("prose:problem").toString();
    // Stored (and so part of what the restore undoes): node A's page reads the stored state.
    await waitFor(
      async () =>
        (
          await html(
            a,
            `/compromisos/${commitmentId}/comparar?de=${versionPath!.split("/").pop()}&a=actual`,
            servantOnA,
          )
        ).includes("Cambio que la restauración deshace"),
      "the edit stored",
      10_000,
    );

    // The restore through A reaches B's editor.
    const restored = await postForm(a, versionPath!, { intent: "restore" }, { cookie: servantOnA });
    expect(restored.status).toBe(302);
    await within(() => !problem().includes("Cambio que la restauración deshace"), "the restore on node B's editor");

    // The secretariat removes the servant from the team through A: B's editor is told at once
    // (its connection closes with PERMISSIONS_CHANGED and comes back read-only).
    const team = await html(a, `/compromisos/${commitmentId}/equipo`, adminOnA);
    const servantId = team.match(/name="userId" value="([^"]+)"/)?.[1];
    expect(servantId).toBeDefined();
    const removed = await postForm(
      a,
      `/compromisos/${commitmentId}/equipo`,
      { intent: "team-remove", userId: servantId! },
      { cookie: adminOnA },
    );
    expect(removed.status).toBe(302);
    await within(() => closes.includes(CLOSE.PERMISSIONS_CHANGED.code), "the team removal on node B's editor");
    expect(await html(b, `/compromisos/${commitmentId}/equipo`, adminOnA)).not.toContain(`value="${servantId}"`);
  }, 120_000);

  it("minutes the server writes through node A reach a reader on node B within a second", async () => {
    const [adminOnA, chairOnA] = await Promise.all([login(a, "admin@minka.pe"), login(a, "presidencia@minka.pe")]);
    const title = `Sesión en dos nodos ${randomUUID().slice(0, 6)}`;
    const scheduled = await postForm(
      a,
      "/foro/sesiones",
      { intent: "schedule", title, scheduledAt: "2027-05-06T15:00", location: "Sala 2", repeat: "1" },
      { cookie: adminOnA },
    );
    expect(scheduled.status).toBe(302);
    const sessions = (await (await fetch(`${a.url}/api/v1/forum/sessions`)).json()) as {
      data: { id: string; title: string }[];
    };
    const sessionId = sessions.data.find((s) => s.title === title)!.id;
    const path = `/foro/sesiones/${sessionId}`;
    expect(
      (await postForm(a, path, { intent: "agenda-add", title: "Seguimiento", kind: "other" }, { cookie: adminOnA }))
        .status,
    ).toBe(302);
    expect((await postForm(a, path, { intent: "start" }, { cookie: chairOnA })).status).toBe(302);

    const reader = clients.connect(b, `session/${sessionId}`, null);
    await reader.synced();
    const minutes = () => reader.doc.getXmlFragment("minutes").toString();
    await waitFor(() => minutes().includes("Seguimiento"), "the agenda skeleton on B", 10_000);

    const agreement = {
      intent: "agreement",
      text: "Publicar el informe en dos nodos",
      responsible: "SGP",
      dueDate: "2027-06-01",
    };
    expect((await postForm(a, `${path}/en-vivo`, agreement, { cookie: chairOnA })).status).toBe(302);
    await within(() => minutes().includes("Publicar el informe en dos nodos"), "the agreement in B's minutes");
  }, 120_000);
});

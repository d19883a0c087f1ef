import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { collabClients } from "../support/collab.ts";
import { login } from "../support/http.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { waitFor } from "../support/wait.ts";

// Co-drafting across two nodes (one PostgreSQL, one Redis), with the stock y-websocket provider.
// Runs with `npm run test:postgres` where PostgreSQL and Redis are reachable.
const REDIS_URL = process.env.MINKA_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
let a: RunningServer;
let b: RunningServer;
let databaseUrl: string;
let prefix: string;
const clients = collabClients();

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  prefix = `t${randomUUID().slice(0, 8)}`;
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

describe("co-drafting on two nodes", () => {
  it("clients on node A and node B converge; killing A loses nothing and its client converges on B", async () => {
    const cookieA = await login(a, "servidor@minka.pe");
    const cookieB = await login(b, "servidor@minka.pe");
    const plan = (await (await fetch(`${a.url}/api/v1/plans/plan-demostracion-2027-2028`)).json()) as {
      data: { commitments: { id: string }[] };
    };
    const room = `commitment/${plan.data.commitments[0]!.id}`;
    const onA = clients.connect(a, room, cookieA);
    const onB = clients.connect(b, room, cookieB);
    await Promise.all([onA.synced(), onB.synced()]);

    addParagraph(onA.doc, "prose:problem", "Desde el nodo A");
    addParagraph(onB.doc, "prose:problem", "Desde el nodo B");
    const sameOnBoth = () =>
      onA.doc.getXmlFragment("prose:problem").toString() === onB.doc.getXmlFragment("prose:problem").toString() &&
      onA.doc.getXmlFragment("prose:problem").toString().includes("Desde el nodo A") &&
      onA.doc.getXmlFragment("prose:problem").toString().includes("Desde el nodo B");
    await waitFor(sameOnBoth, "both nodes' edits on both clients", 15_000);

    // Node A dies right after an edit that B's client has seen.
    addParagraph(onA.doc, "prose:problem", "Justo antes del corte");
    await waitFor(
      () => onB.doc.getXmlFragment("prose:problem").toString().includes("Justo antes del corte"),
      "relayed to B",
      15_000,
    );
    a.process.kill("SIGKILL");
    await a.stop();
    onA.provider.disconnect();

    // A's client comes back through node B (as a load balancer would send it) and converges.
    const again = clients.connect(b, room, cookieB, { doc: onA.doc, maxBackoffTime: 2_500 });
    await waitFor(() => again.provider.synced, "reconnected to B", 15_000);
    addParagraph(onB.doc, "prose:problem", "Después del corte");
    await waitFor(
      () =>
        onA.doc.getXmlFragment("prose:problem").toString() === onB.doc.getXmlFragment("prose:problem").toString() &&
        onA.doc.getXmlFragment("prose:problem").toString().includes("Después del corte"),
      "converged on B",
      15_000,
    );

    // Everything is in the database: a fresh node started on it serves the whole text.
    const c = await startServer({ DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: prefix });
    try {
      const reader = clients.connect(c, room, null);
      await reader.synced();
      const text = reader.doc.getXmlFragment("prose:problem").toString();
      for (const marker of ["Desde el nodo A", "Desde el nodo B", "Justo antes del corte", "Después del corte"]) {
        expect(text).toContain(marker);
      }
    } finally {
      await c.stop();
    }
  }, 120_000);
});

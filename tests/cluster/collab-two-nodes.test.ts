import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { socketClassWithHeaders } from "../support/collab.ts";
import { waitFor } from "../support/wait.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { cookiesFrom, postForm } from "../support/http.ts";
import { startServer, type RunningServer } from "../support/server.ts";

// Co-drafting across two nodes (one PostgreSQL, one Redis), with the stock y-websocket provider.
// Runs with `npm run test:postgres` where PostgreSQL and Redis are reachable.
const REDIS_URL = process.env.MINKA_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
let a: RunningServer;
let b: RunningServer;
let databaseUrl: string;
let prefix: string;
const clients: { provider: WebsocketProvider; doc: Y.Doc }[] = [];

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  prefix = `t${randomUUID().slice(0, 8)}`;
  a = await startServer({ DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: prefix });
  b = await startServer({ DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: prefix });
}, 120_000);

afterAll(async () => {
  for (const { provider, doc } of clients) {
    provider.destroy();
    doc.destroy();
  }
  await Promise.all([a?.stop(), b?.stop()]);
});

function connect(server: RunningServer, room: string, cookie: string | null) {
  const doc = new Y.Doc();
  const headers: Record<string, string> = { Origin: server.origin };
  if (cookie) headers.Cookie = cookie;
  const provider = new WebsocketProvider(`${server.url.replace("http", "ws")}/collab`, room, doc, {
    WebSocketPolyfill: socketClassWithHeaders(headers) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  clients.push({ provider, doc });
  return { provider, doc, synced: waitFor(() => provider.synced, "synced", 20_000) };
}

function addParagraph(doc: Y.Doc, field: string, text: string) {
  const fragment = doc.getXmlFragment(field);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [paragraph]);
}

describe("co-drafting on two nodes", () => {
  it("clients on node A and node B converge; killing A loses nothing and its client converges on B", async () => {
    const cookieA = cookiesFrom(await postForm(a, "/ingresar", { email: "servidor@minka.pe", password: "minka-demo" }));
    const cookieB = cookiesFrom(await postForm(b, "/ingresar", { email: "servidor@minka.pe", password: "minka-demo" }));
    const plan = (await (await fetch(`${a.url}/api/v1/plans/plan-demostracion-2027-2028`)).json()) as {
      data: { commitments: { id: string }[] };
    };
    const room = `commitment/${plan.data.commitments[0]!.id}`;
    const onA = connect(a, room, cookieA);
    const onB = connect(b, room, cookieB);
    await Promise.all([onA.synced, onB.synced]);

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
    const again = new WebsocketProvider(`${b.url.replace("http", "ws")}/collab`, room, onA.doc, {
      WebSocketPolyfill: socketClassWithHeaders({
        Origin: b.origin,
        Cookie: cookieB,
      }) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    clients.push({ provider: again, doc: onA.doc });
    await waitFor(() => again.synced, "reconnected to B", 15_000);
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
      const reader = connect(c, room, null);
      await reader.synced;
      const text = reader.doc.getXmlFragment("prose:problem").toString();
      for (const marker of ["Desde el nodo A", "Desde el nodo B", "Justo antes del corte", "Después del corte"]) {
        expect(text).toContain(marker);
      }
    } finally {
      await c.stop();
    }
  }, 120_000);
});

import { afterAll, describe, expect, it } from "vitest";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { socketClassWithHeaders } from "../support/collab.ts";
import { waitFor } from "../support/wait.ts";
import { cookiesFrom, postForm } from "../support/http.ts";
import { startServer, type RunningServer } from "../support/server.ts";

// The real server process, killed with SIGKILL right after an edit another client has seen:
// the edit must be there after a restart, because it is stored before it is relayed.
const servers: RunningServer[] = [];
const docs: { provider: WebsocketProvider; doc: Y.Doc }[] = [];

afterAll(async () => {
  for (const { provider, doc } of docs) {
    provider.destroy();
    doc.destroy();
  }
  for (const server of servers) await server.stop();
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
  docs.push({ provider, doc });
  return { provider, doc, synced: waitFor(() => provider.synced, "synced", 20_000) };
}

describe("kill -9 during co-drafting", () => {
  it("keeps an edit that another client saw relayed, after SIGKILL and a restart", async () => {
    const first = await startServer();
    servers.push(first);
    const login = await postForm(first, "/ingresar", { email: "servidor@minka.pe", password: "minka-demo" });
    const cookie = cookiesFrom(login);
    const plan = (await (await fetch(`${first.url}/api/v1/plans/plan-demostracion-2027-2028`)).json()) as {
      data: { commitments: { id: string }[] };
    };
    const room = `commitment/${plan.data.commitments[0]!.id}`;

    const editor = connect(first, room, cookie);
    const watcher = connect(first, room, null);
    await Promise.all([editor.synced, watcher.synced]);

    const marker = `Antes del corte ${Date.now()}`;
    const problem = editor.doc.getXmlFragment("prose:problem");
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(marker)]);
    problem.insert(problem.length, [paragraph]);
    // Relayed to another client means stored: kill the process the moment the watcher has it.
    await waitFor(() => watcher.doc.getXmlFragment("prose:problem").toString().includes(marker), "relayed", 10_000);
    first.process.kill("SIGKILL");
    expect(await first.stop()).toBeNull();
    editor.provider.disconnect();
    watcher.provider.disconnect();

    const second = await startServer({ DATABASE_URL: first.databaseUrl });
    servers.push(second);
    const reader = connect(second, room, null);
    await reader.synced;
    expect(reader.doc.getXmlFragment("prose:problem").toString()).toContain(marker);
  }, 120_000);
});

import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { collabClients } from "../support/collab.ts";
import { login } from "../support/http.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { waitFor } from "../support/wait.ts";

// The real server process, killed with SIGKILL right after an edit another client has seen:
// the edit must be there after a restart, because it is stored before it is relayed.
const servers: RunningServer[] = [];
const clients = collabClients();

afterAll(async () => {
  clients.destroyAll();
  for (const server of servers) await server.stop();
});

describe("kill -9 during co-drafting", () => {
  it("keeps an edit that another client saw relayed, after SIGKILL and a restart", async () => {
    const first = await startServer();
    servers.push(first);
    const cookie = await login(first, "servidor@minka.pe");
    const plan = (await (await fetch(`${first.url}/api/v1/plans/plan-demostracion-2027-2028`)).json()) as {
      data: { commitments: { id: string }[] };
    };
    const room = `commitment/${plan.data.commitments[0]!.id}`;

    const editor = clients.connect(first, room, cookie);
    const watcher = clients.connect(first, room, null);
    await Promise.all([editor.synced(), watcher.synced()]);

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
    const reader = clients.connect(second, room, null);
    await reader.synced();
    expect(reader.doc.getXmlFragment("prose:problem").toString()).toContain(marker);
  }, 120_000);
});

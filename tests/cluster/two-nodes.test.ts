import { randomUUID } from "node:crypto";
import { io as ioClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login, postForm } from "../support/http.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { startServer, type RunningServer } from "../support/server.ts";

// Two Minka nodes on one PostgreSQL database and one Redis, as in production behind a load
// balancer. Runs with the PostgreSQL suite (`npm run test:postgres`), which needs both services.
const REDIS_URL = process.env.MINKA_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
let a: RunningServer;
let b: RunningServer;

beforeAll(async () => {
  const shared = {
    DATABASE_URL: await createTestDatabase(),
    REDIS_URL,
    // Its own streams and keys, so parallel test files sharing the Redis server do not cross.
    REDIS_PREFIX: `t${randomUUID().slice(0, 8)}`,
  };
  a = await startServer(shared);
  b = await startServer(shared);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

async function socketOn(server: RunningServer): Promise<Socket> {
  const socket = ioClient(server.url, { transports: ["websocket"], extraHeaders: { Origin: server.origin } });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

describe("two nodes, one PostgreSQL, one Redis", () => {
  it("both report Redis up on /healthz", async () => {
    for (const server of [a, b]) {
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string; redis: string };
      expect(health).toEqual({ status: "ok", redis: "up" });
    }
  });

  it("an act on node A reaches a socket on node B live, in its room and in the public feed", async () => {
    const socket = await socketOn(b);
    try {
      expect(
        await socket.timeout(3000).emitWithAck("live:subscribe", { rooms: ["plan:paga-2015-2016"] }),
      ).toMatchObject({
        ok: true,
      });
      const inRoom = new Promise((resolve) => socket.once("live", resolve));
      const inFeed = new Promise((resolve) => socket.once("activity:new", resolve));
      const admin = await login(a, "admin@minka.pe");
      const response = await postForm(a, "/planes/paga-2015-2016", { phase: "IMPLEMENTATION" }, { cookie: admin });
      expect(response.status).toBe(302);
      expect(await inRoom).toMatchObject({ room: "plan:paga-2015-2016", type: "plan.phase" });
      expect(await inFeed).toMatchObject({ kind: "plan.phase", subjectId: "paga-2015-2016" });
      // Both nodes read the same database.
      const plan = (await (await fetch(`${b.url}/api/v1/plans/paga-2015-2016`)).json()) as { data: { phase: string } };
      expect(plan.data.phase).toBe("IMPLEMENTATION");
    } finally {
      socket.close();
    }
  });

  it("a session made on node A is valid on node B", async () => {
    const cookie = await login(a, "ciudadana@minka.pe");
    const page = await fetch(`${b.url}/cuenta`, { headers: { cookie }, redirect: "manual" });
    expect(page.status).toBe(200);
  });

  it("login rate limits are shared by the nodes", async () => {
    const email = `nadie-${randomUUID()}@example.pe`;
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const server = i % 2 === 0 ? a : b;
      const response = await postForm(server, "/ingresar", { email, password: "wrong password" });
      statuses.push(response.status);
    }
    // 10 attempts per email in 15 minutes across the cluster: the 11th is refused, whichever node.
    expect(statuses.slice(0, 10).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

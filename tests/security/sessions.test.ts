import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { login, postForm } from "../support/http.ts";
import { type RunningServer } from "../support/server.ts";
import {
  PASSWORD,
  collabSocket,
  connected,
  demoCommitmentId,
  liveSocket,
  register,
  startSharedServer,
} from "./support.ts";

// Sessions against the real server: forged and dumped tokens open nothing, and logout, password
// change, log-out-everywhere and account deletion end sessions at once, live connections included
// ("at once": within a second, well under the collab server's periodic permission re-check).

let server: RunningServer;
let room: string;

beforeAll(async () => {
  server = await startSharedServer();
  room = `commitment/${await demoCommitmentId(server, 0)}`;
});

afterAll(async () => {
  await server?.stop();
});

async function isLoggedIn(cookie: string): Promise<boolean> {
  const response = await fetch(`${server.url}/cuenta`, { headers: { Cookie: cookie }, redirect: "manual" });
  await response.arrayBuffer();
  return response.status === 200;
}

/** A socket.io connection and a collab websocket opened with a session, with promises of their ends. */
async function liveConnections(cookie: string) {
  const socket = liveSocket(server, cookie);
  await connected(socket);
  const socketEnded = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
  const collab = collabSocket(server, room, cookie);
  await collab.opened;
  return { socket, socketEnded, collabClosed: collab.closed, close: () => (socket.close(), collab.ws.close()) };
}

const settled = <T>(promise: Promise<T>, ms = 1500) =>
  Promise.race([promise, new Promise<"still open">((resolve) => setTimeout(() => resolve("still open"), ms))]);

describe("tokens", () => {
  it("refuses a token with a valid id and a wrong secret, on pages and on live connections", async () => {
    const person = await register(server);
    const [id] = person.cookie.replace("minka_session=", "").split(".");
    const forged = `minka_session=${id}.${"a".repeat(32)}`;
    expect(await isLoggedIn(person.cookie)).toBe(true);
    expect(await isLoggedIn(forged)).toBe(false);
    expect(await isLoggedIn(`minka_session=${id}`)).toBe(false);
    expect(await isLoggedIn(`minka_session=${id}.`)).toBe(false);
    // socket.io takes the forged cookie as an anonymous visitor: the person's private room stays closed.
    const socket = liveSocket(server, forged);
    await connected(socket);
    const ack = await socket.timeout(2000).emitWithAck("live:subscribe", { rooms: [`user:${person.id}`] });
    expect(ack).toMatchObject({ ok: true, refused: [`user:${person.id}`] });
    socket.close();
  });

  it("keeps no usable token in a dump of the Session table", async () => {
    const person = await register(server);
    const secret = person.cookie.replace("minka_session=", "").split(".")[1]!;
    const dump = await prisma().session.findMany();
    expect(dump.length).toBeGreaterThan(0);
    expect(JSON.stringify(dump)).not.toContain(secret);
    for (const row of dump) {
      const hash = Buffer.from(row.secretHash);
      for (const guess of [hash.toString("hex"), hash.toString("base64url"), encodeBase32LowerCaseNoPadding(hash)]) {
        expect(await isLoggedIn(`minka_session=${row.id}.${guess}`)).toBe(false);
      }
    }
  });

  it("keeps a person's private live room closed to others", async () => {
    const owner = await register(server);
    const other = await register(server);
    const socket = liveSocket(server, other.cookie);
    await connected(socket);
    const ack = await socket
      .timeout(2000)
      .emitWithAck("live:subscribe", { rooms: [`user:${owner.id}`, `user:${other.id}`] });
    expect(ack).toMatchObject({ ok: true, refused: [`user:${owner.id}`] });
    socket.close();
  });
});

describe("ending sessions ends live connections at once", () => {
  it("logout ends that session's page access, socket.io and collab connections, and no other session's", async () => {
    const person = await register(server);
    const other = await login(server, person.email, PASSWORD);
    const mine = await liveConnections(person.cookie);
    const theirs = await liveConnections(other);
    const response = await postForm(server, "/salir", {}, { cookie: person.cookie });
    expect(response.status).toBe(302);
    expect(await settled(mine.socketEnded, 1000)).toBe("io server disconnect");
    expect(await settled(mine.collabClosed, 1000)).toBe(4509);
    expect(await isLoggedIn(person.cookie)).toBe(false);
    expect(await settled(theirs.socketEnded)).toBe("still open");
    expect(await settled(theirs.collabClosed)).toBe("still open");
    expect(await isLoggedIn(other)).toBe(true);
    mine.close();
    theirs.close();
  });

  it("a password change ends every other session and its connections, keeping the current one", async () => {
    const person = await register(server);
    const other = await login(server, person.email, PASSWORD);
    const current = await liveConnections(person.cookie);
    const elsewhere = await liveConnections(other);
    const response = await postForm(
      server,
      "/cuenta",
      {
        intent: "change-password",
        currentPassword: PASSWORD,
        newPassword: "otra frase segura",
        newPasswordConfirm: "otra frase segura",
      },
      { cookie: person.cookie },
    );
    expect(response.status).toBe(302);
    expect(await settled(elsewhere.socketEnded, 1000)).toBe("io server disconnect");
    expect(await settled(elsewhere.collabClosed, 1000)).toBe(4509);
    expect(await isLoggedIn(other)).toBe(false);
    expect(await isLoggedIn(person.cookie)).toBe(true);
    expect(await settled(current.socketEnded)).toBe("still open");
    expect(await settled(current.collabClosed)).toBe("still open");
    current.close();
    elsewhere.close();
  });

  it("logging out everywhere, and deleting the account, end every session and connection", async () => {
    for (const how of ["logout-everywhere", "delete-account"] as const) {
      const person = await register(server);
      const other = await login(server, person.email, PASSWORD);
      const first = await liveConnections(person.cookie);
      const second = await liveConnections(other);
      const form: Record<string, string> =
        how === "logout-everywhere" ? { intent: how } : { intent: how, password: PASSWORD, confirm: "on" };
      const response = await postForm(server, "/cuenta", form, { cookie: person.cookie });
      expect(response.status, how).toBe(302);
      for (const connections of [first, second]) {
        expect(await settled(connections.socketEnded, 1000), how).toBe("io server disconnect");
        expect(await settled(connections.collabClosed, 1000), how).toBe(4509);
        connections.close();
      }
      expect(await isLoggedIn(person.cookie), how).toBe(false);
      expect(await isLoggedIn(other), how).toBe(false);
      expect(await prisma().session.count({ where: { userId: person.id } }), how).toBe(0);
    }
  });
});

import { randomUUID } from "node:crypto";
import { io as ioClient, type Socket } from "socket.io-client";
import { expect } from "vitest";
import WebSocket from "ws";
import { useTestDatabase } from "../factories.ts";
import { cookiesFrom, postForm, startServer, type RunningServer } from "../setup/server.ts";

// Helpers of the security and privacy suites: the real server on this test file's own database
// (so a test can read and write the rows the server sees), people of every role, and live clients.

export const PASSWORD = "una frase segura";

/** The real server on this file's database (demo data loaded); the test's Prisma client sees the same rows. */
export async function startSharedServer(env: Record<string, string> = {}): Promise<RunningServer> {
  await useTestDatabase();
  return startServer({ ...env, DATABASE_URL: process.env.DATABASE_URL! });
}

export async function login(server: RunningServer, email: string, password = "minka-demo"): Promise<string> {
  const response = await postForm(server, "/ingresar", { email, password });
  expect(response.status, `login ${email}`).toBe(302);
  return cookiesFrom(response);
}

/** Registers a new person through the form; returns their email, id and session cookie. */
export async function register(server: RunningServer, name = "Persona de Prueba") {
  const { prisma } = await import("~/utils/db.server.ts");
  const email = `p-${randomUUID()}@example.pe`;
  const response = await postForm(server, "/registro", {
    name,
    email,
    password: PASSWORD,
    passwordConfirm: PASSWORD,
    consent: "on",
  });
  expect(response.status, await response.clone().text()).toBe(302);
  const user = await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  return { email, id: user.id, cookie: cookiesFrom(response) };
}

/** A socket.io client with the given cookie and Origin, connected (or refused). */
export function liveSocket(server: RunningServer, cookie: string | null, origin = server.origin): Socket {
  const headers: Record<string, string> = { Origin: origin };
  if (cookie) headers.Cookie = cookie;
  return ioClient(server.url, { transports: ["websocket"], extraHeaders: headers, reconnection: false });
}

export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
}

/** A raw collaboration websocket; resolves when open, rejects with the HTTP status when refused. */
export function collabSocket(server: RunningServer, room: string, cookie: string | null, origin = server.origin) {
  const headers: Record<string, string> = { Origin: origin };
  if (cookie) headers.Cookie = cookie;
  const ws = new WebSocket(`${server.url.replace("http", "ws")}/collab/${room}`, { headers });
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });
  return { ws, opened, closed };
}

export async function demoCommitmentId(server: RunningServer, index = 0): Promise<string> {
  const plan = (await (await fetch(`${server.url}/api/v1/plans/plan-demostracion-2027-2028`)).json()) as {
    data: { commitments: { id: string }[] };
  };
  return plan.data.commitments[index]!.id;
}

import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { waitFor } from "./wait.ts";

// Collaboration clients against a real server (the one `startServer` runs, or the browser tests'
// server): the stock y-websocket WebsocketProvider, with `ws` as its WebSocket so that it can send
// the Origin and session cookie a browser would. No test framework is imported here, so the
// Playwright specs use it too.

/** A `ws` WebSocket class that sends the given headers with its upgrade request. */
export function socketClassWithHeaders(headers: Record<string, string>) {
  return class HeaderWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  };
}

/** Where a client connects: the server's http:// URL and the Origin its pages are served from. */
export type CollabTarget = { url: string; origin: string };

/** Headers of a same-origin browser socket with (or without) a session cookie. */
export function socketHeaders(server: CollabTarget, cookie: string | null): Record<string, string> {
  const headers: Record<string, string> = { Origin: server.origin };
  if (cookie) headers.Cookie = cookie;
  return headers;
}

export type CollabClient = {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The close codes of the connections the server closed. */
  closes: number[];
  /** Resolves once the provider has synced with the room (polled; fails after `timeoutMs`). */
  synced(timeoutMs?: number): Promise<boolean>;
  destroy(): void;
};

export type CollabClientOptions = {
  /** The provider's longest wait between reconnections (y-websocket's own default is 2500 ms). */
  maxBackoffTime?: number;
  /** An existing document to connect (a client coming back through another node). */
  doc?: Y.Doc;
};

/** A stock y-websocket client on a room of the server at /collab, as the browser runs it. */
export function collabClient(
  server: CollabTarget,
  room: string,
  cookie: string | null,
  options: CollabClientOptions = {},
): CollabClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(`${server.url.replace(/^http/, "ws")}/collab`, room, doc, {
    WebSocketPolyfill: socketClassWithHeaders(socketHeaders(server, cookie)) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: options.maxBackoffTime ?? 200,
  });
  const closes: number[] = [];
  provider.on("connection-close", (event) => {
    if (event) closes.push(event.code);
  });
  return {
    doc,
    provider,
    closes,
    synced: (timeoutMs = 20_000) => waitFor(() => provider.synced, "synced", timeoutMs),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** The clients of one test file: each made with `connect`, all destroyed by `destroyAll` (in afterAll). */
export function collabClients() {
  const open = new Set<CollabClient>();
  return {
    connect(...args: Parameters<typeof collabClient>): CollabClient {
      const client = collabClient(...args);
      const destroy = client.destroy;
      client.destroy = () => {
        open.delete(client);
        destroy();
      };
      open.add(client);
      return client;
    },
    destroyAll() {
      for (const client of [...open]) client.destroy();
    },
  };
}

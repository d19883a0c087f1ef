import type { ActivityEvent } from "./live-events.ts";

// The one event bus every live change travels on (docs/decisions/014). A topic names a kind of
// change; a message is delivered to every subscriber of its topic in this process at once, and,
// when the bus is on Redis (REDIS_URL; server/bus/redis.ts), to the subscribers on every other
// node too, in publish order. The models publish after their change is committed; the socket.io
// server, the collaboration rooms and anything else that reacts subscribe.
//
// This file is the contract, shared by the Remix bundle and the server, plus the in-process
// implementation (which needs nothing but this file); server/bus/ adds the Redis transport.

/** Ended sessions: the HTTP cookie is already dead; sockets opened with it must close. */
export type SessionsEnded = {
  userId: string;
  /** The ended sessions' ids; "all" when every session of the person ended. */
  sessionIds: string[] | "all";
};

/** A stored, server-authored document update (a row of CollabUpdate): a restore, a seed, minutes. */
export type StoredServerUpdate = {
  room: string;
  /** The CollabUpdate row id. */
  id: number;
  data: Uint8Array;
  userId: string | null;
  /** The Yjs client ids whose structs the update carries (already recorded in CollabAuthor). */
  clientIds: number[];
};

/** An event for one live room (`proposal:<id>`, `user:<id>`, ...; see app/utils/live.server.ts). */
export type LiveEvent = { room: string; type: string; payload?: unknown };

/** The topics of the application and what each carries. */
export type AppTopics = {
  /** A public act, for the home page's live activity. */
  activity: ActivityEvent;
  /** An event for the followers of one live room. */
  live: LiveEvent;
  /** Sessions ended: sockets and collaboration connections opened with them close. */
  "sessions.ended": SessionsEnded;
  /** Who may write a collaboration room may have changed (status, team, seat): re-check now. */
  "collab.access": { room: string };
  /** A server-authored update was stored for a room: loaded copies apply and relay it. */
  "collab.update": StoredServerUpdate;
  /** A version of a room's document was taken (its automatic-version counter restarts). */
  "collab.version": { room: string };
};

/** Where a message came from: this process, or another node (through Redis). */
export type Delivery = { local: boolean };

export type Handler<M> = (message: M, delivery: Delivery) => void | Promise<void>;

export interface Bus<T> {
  /** Delivers to this process's subscribers now and, on Redis, to every other node. */
  publish<K extends keyof T & string>(topic: K, message: T[K]): void;
  /**
   * Publishes, then resolves once this process's subscribers have finished handling it (their
   * returned promises settled). Other nodes handle it as it reaches them.
   */
  publishAndWait<K extends keyof T & string>(topic: K, message: T[K]): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe<K extends keyof T & string>(topic: K, handler: Handler<T[K]>): () => void;
  close(): Promise<void>;
}

export type AppBus = Bus<AppTopics>;

/**
 * The bus within one process: synchronous delivery, in publish order, to the topic's subscribers.
 * A failing subscriber is reported and does not stop the others.
 */
export class LocalBus<T> implements Bus<T> {
  private readonly handlers = new Map<string, Set<Handler<never>>>();

  constructor(private readonly onError: (error: unknown, topic: string) => void = () => {}) {}

  publish<K extends keyof T & string>(topic: K, message: T[K]): void {
    void this.deliver(topic, message, { local: true });
  }

  publishAndWait<K extends keyof T & string>(topic: K, message: T[K]): Promise<void> {
    return this.deliver(topic, message, { local: true });
  }

  subscribe<K extends keyof T & string>(topic: K, handler: Handler<T[K]>): () => void {
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
    }
    set.add(handler as Handler<never>);
    return () => {
      const current = this.handlers.get(topic);
      if (!current) return;
      current.delete(handler as Handler<never>);
      if (current.size === 0) this.handlers.delete(topic);
    };
  }

  /** Delivers to this process's subscribers; resolves when their returned promises have settled. */
  deliver(topic: string, message: unknown, delivery: Delivery): Promise<void> {
    const set = this.handlers.get(topic);
    if (!set) return Promise.resolve();
    let pending: Promise<void>[] | null = null;
    for (const handler of [...set]) {
      try {
        const result = (handler as Handler<unknown>)(message, delivery);
        if (result) {
          (pending ??= []).push(result.catch((error: unknown) => this.onError(error, topic)));
        }
      } catch (error) {
        this.onError(error, topic);
      }
    }
    return pending ? Promise.all(pending).then(() => undefined) : Promise.resolve();
  }

  /** Whether anything in this process listens to a topic. */
  hasSubscribers(topic: string): boolean {
    return (this.handlers.get(topic)?.size ?? 0) > 0;
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}

import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { io, type Socket } from "socket.io-client";
import type { LiveMessage, LiveSubscribeAck } from "~/live-events.ts";

/** A live event, or `resync` when events were missed and the page should reload its data. */
export type LiveEvent = LiveMessage | { room: string; type: "resync" };

type Listener = (event: LiveEvent) => void;

/**
 * One socket.io connection per page, shared by every component that follows live rooms. It
 * remembers the last event number seen in each room; after a dropped connection it subscribes
 * again with those numbers, and the server replays what was missed or answers `resync`.
 */
class LiveClient {
  private socket: Socket | null = null;
  private listeners = new Map<string, Set<Listener>>();
  private lastSeq = new Map<string, number>();
  private epoch: string | undefined;
  private connectedOnce = false;
  private reconnectListeners = new Set<() => void>();

  get activeSocket(): Socket {
    if (!this.socket) {
      this.socket = io({ path: "/socket.io", transports: ["websocket", "polling"] });
      this.socket.on("connect", () => {
        const rooms = [...this.listeners.keys()];
        if (rooms.length > 0) this.subscribe(rooms);
        if (this.connectedOnce) for (const listener of this.reconnectListeners) listener();
        this.connectedOnce = true;
      });
      this.socket.on("live", (message: LiveMessage) => {
        if (message.epoch !== this.epoch) this.resetEpoch(message.epoch);
        const last = this.lastSeq.get(message.room) ?? 0;
        if (message.seq <= last) return; // a replay of something already seen
        this.lastSeq.set(message.room, message.seq);
        this.dispatch(message);
      });
    }
    return this.socket;
  }

  /** The shared socket, for components that listen to its other events. */
  get connection(): Socket {
    return this.activeSocket;
  }

  /** A new server run numbers events afresh. */
  private resetEpoch(epoch: string) {
    this.epoch = epoch;
    this.lastSeq.clear();
  }

  private dispatch(event: LiveEvent) {
    for (const listener of this.listeners.get(event.room) ?? []) listener(event);
  }

  private subscribe(rooms: string[]) {
    const since: Record<string, number> = {};
    for (const room of rooms) {
      const seq = this.lastSeq.get(room);
      if (seq !== undefined) since[room] = seq;
    }
    for (let start = 0; start < rooms.length; start += 20) {
      const batch = rooms.slice(start, start + 20);
      this.activeSocket.emit("live:subscribe", { rooms: batch, epoch: this.epoch, since }, (ack: LiveSubscribeAck) => {
        if (!ack.ok) return;
        if (ack.epoch !== this.epoch) this.resetEpoch(ack.epoch);
        for (const room of ack.resync) {
          this.lastSeq.delete(room);
          this.dispatch({ room, type: "resync" });
        }
      });
    }
  }

  follow(rooms: string[], listener: Listener): () => void {
    const added: string[] = [];
    for (const room of rooms) {
      let set = this.listeners.get(room);
      if (!set) {
        set = new Set();
        this.listeners.set(room, set);
        added.push(room);
      }
      set.add(listener);
    }
    const socket = this.activeSocket;
    if (socket.connected && added.length > 0) this.subscribe(added);
    return () => {
      const removed: string[] = [];
      for (const room of rooms) {
        const set = this.listeners.get(room);
        set?.delete(listener);
        if (set && set.size === 0) {
          this.listeners.delete(room);
          this.lastSeq.delete(room);
          removed.push(room);
        }
      }
      if (removed.length > 0 && socket.connected) socket.emit("live:unsubscribe", { rooms: removed });
    };
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }
}

let client: LiveClient | null = null;
/** The page's live client (browser only). */
export function liveClient(): LiveClient {
  client ??= new LiveClient();
  return client;
}

/** Calls `handler` for every event in these rooms, including `resync` after missed events. */
export function useLiveEvent(rooms: string[], handler: (event: LiveEvent) => void) {
  const handlerRef = useRef(handler);
  useEffect(() => {
    handlerRef.current = handler;
  });
  const key = rooms.join("|");
  useEffect(() => {
    if (!key) return;
    return liveClient().follow(key.split("|"), (event) => handlerRef.current(event));
  }, [key]);
}

/**
 * Reloads the page's loader data when anything happens in these rooms, and after a reconnect
 * (catching up on what happened while offline). Bursts of events make one reload.
 */
export function useLiveRevalidation(rooms: string[], delayMs = 150) {
  const { revalidate } = useRevalidator();
  const revalidateRef = useRef(revalidate);
  useEffect(() => {
    revalidateRef.current = revalidate;
  });
  const key = rooms.join("|");
  useEffect(() => {
    if (!key) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const schedule = () => {
      timer ??= setTimeout(() => {
        timer = null;
        revalidateRef.current();
      }, delayMs);
    };
    const live = liveClient();
    const stopFollowing = live.follow(key.split("|"), schedule);
    const stopReconnect = live.onReconnect(schedule);
    return () => {
      stopFollowing();
      stopReconnect();
      if (timer) clearTimeout(timer);
    };
  }, [key, delayMs]);
}

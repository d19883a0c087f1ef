import { useEffect, useRef, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { COLLAB_PATH_PREFIX, CLOSE, shouldReconnect, type CollabIdentity } from "./protocol.ts";

export type ConnectionState = "connecting" | "connected" | "offline";

export type Peer = { clientId: number; user: CollabIdentity; isSelf: boolean };

export type CollabSession = {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Whether the server's state has been received (the document is complete). */
  synced: boolean;
  /** Whether the local copy from this device (IndexedDB) has been loaded. */
  localLoaded: boolean;
  connection: ConnectionState;
  peers: Peer[];
  /** Set when the server closed the socket for good (room gone, malformed, too large). */
  fatal: string | null;
  /** Bumped when the server says our access changed, so the page can reload its permissions. */
  accessChanged: number;
  /** The server could not store our last change (its disk is full); cleared by the next sync. */
  storageFull: boolean;
  /** The local copy was in an older document shape: it is being dropped and the page reloaded. */
  reloading: boolean;
};

/**
 * Joins a collaboration room: one Y.Doc kept in IndexedDB (edits made offline survive a reload
 * and merge when the connection returns) and synced with the server over y-websocket.
 * Browser only: call it from an effect-driven component.
 *
 * The socket opens once the local copy is loaded, so that the server sees the whole copy in our
 * first sync message: a copy in an older document shape (decision 020) is then recognised, its
 * edits converted, and the server closes with RELOAD; the copy is dropped and the page reloaded
 * from the server's document. `options.staleCopy` tells a local copy that must be dropped the same
 * way before connecting (for drafts: one holding old-shape writes the server already converted).
 */
export function useCollabDoc(
  room: string,
  userId: string | null,
  options: { staleCopy?: (doc: Y.Doc) => boolean } = {},
): CollabSession | null {
  const [session, setSession] = useState<CollabSession | null>(null);
  const staleCopy = useRef(options.staleCopy);
  staleCopy.current = options.staleCopy;

  useEffect(() => {
    const doc = new Y.Doc();
    // One local copy per person: someone else's unsent edits in a shared browser must never be
    // sent under this person's session.
    const local = new IndexeddbPersistence(`minka:${userId ?? "anonymous"}:${room}`, doc);
    const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
    const provider = new WebsocketProvider(
      `${protocol}//${window.location.host}${COLLAB_PATH_PREFIX.slice(0, -1)}`,
      room,
      doc,
      // Tabs must not talk to each other directly: a read-only tab could hand its edits to an
      // editor's tab, which would send them as the editor's.
      { disableBc: true, shouldReconnect, connect: false },
    );
    let state: CollabSession = {
      doc,
      provider,
      synced: false,
      localLoaded: false,
      connection: "connecting",
      peers: [],
      fatal: null,
      accessChanged: 0,
      storageFull: false,
      reloading: false,
    };
    const update = (patch: Partial<CollabSession>) => {
      state = { ...state, ...patch };
      setSession(state);
    };
    const readPeers = (): Peer[] =>
      [...provider.awareness.getStates().entries()]
        .filter(([, value]) => value && typeof value === "object" && "user" in value && value.user)
        .map(([clientId, value]) => ({
          clientId,
          user: value.user as CollabIdentity,
          isSelf: clientId === doc.clientID,
        }));

    const onStatus = ({ status }: { status: string }) =>
      update({ connection: status === "connected" ? "connected" : status === "connecting" ? "connecting" : "offline" });
    // A sync after a storage-full close means the server took the document's state again.
    const onSync = (synced: boolean) => update(synced ? { synced, storageFull: false } : { synced });
    const onAwareness = () => update({ peers: readPeers() });
    let stopped = false;
    /** Drops the local copy (its edits are on the server) and loads the page again. */
    const reload = () => {
      if (state.reloading) return;
      update({ reloading: true });
      provider.disconnect();
      void local
        .clearData()
        .catch(() => {})
        .then(() => {
          if (!stopped) window.location.reload();
        });
    };
    const onClose = (event: CloseEvent | null) => {
      if (!event) return;
      if (event.code === CLOSE.RELOAD.code) reload();
      else if (event.code === CLOSE.PERMISSIONS_CHANGED.code) update({ accessChanged: state.accessChanged + 1 });
      else if (event.code === CLOSE.STORAGE_FULL.code) update({ storageFull: true });
      else if (!shouldReconnect(event)) update({ fatal: event.reason || String(event.code), connection: "offline" });
    };
    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("connection-close", onClose);
    provider.awareness.on("change", onAwareness);
    // Connect once the local copy is in the document (or after a moment, if IndexedDB is slow or
    // unavailable: a private window).
    let connected = false;
    const connect = () => {
      if (connected || stopped || state.reloading) return;
      connected = true;
      provider.connect();
    };
    const waiting = window.setTimeout(connect, 5000);
    void local.whenSynced.then(() => {
      window.clearTimeout(waiting);
      if (staleCopy.current?.(doc)) {
        reload();
        return;
      }
      update({ localLoaded: true });
      connect();
    });
    // When the device goes offline, stop retrying; edits stay in the Y.Doc and IndexedDB, and the
    // sync that follows reconnecting sends them.
    const goOffline = () => {
      provider.disconnect();
      update({ connection: "offline" });
    };
    const goOnline = () => {
      if (connected) provider.connect();
    };
    window.addEventListener("offline", goOffline);
    window.addEventListener("online", goOnline);
    update({});

    return () => {
      stopped = true;
      window.clearTimeout(waiting);
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
      provider.awareness.off("change", onAwareness);
      provider.off("status", onStatus);
      provider.off("sync", onSync);
      provider.off("connection-close", onClose);
      provider.destroy();
      void local.destroy();
      doc.destroy();
    };
  }, [room, userId]);

  return session;
}

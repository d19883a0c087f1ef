import { canWriteDraft, draftAccessResource } from "../../../app/drafting/access.server.ts";
import { readDraft } from "../../../app/drafting/document.ts";
import { projectDraft } from "../../../app/drafting/project.server.ts";
import { ensureSeeded } from "../../../app/drafting/seed.server.ts";
import { ensureCurrentShape } from "../../../app/drafting/upgrade.server.ts";
import { createVersion, updatesSinceLastVersion } from "../../../app/drafting/versions.server.ts";
import { defineRoomExtension, type RoomContext, type RoomHooks } from "../extension.ts";

// Commitment drafts (`commitment/<id>`): the drafting team writes, everyone reads. A new room
// starts from the commitment's rows (the seed), an older one is brought to the current document
// shape (the upgrade); the live document is written back into those rows
// shortly after each change (the projection) and when the room unloads; a burst of editing ends,
// after a quiet spell, with an automatic version. All of it is the drafting domain's
// (app/drafting); this file only says when.

export const commitmentRooms = defineRoomExtension({
  kind: "commitment",
  loadResource: draftAccessResource,
  onAuthenticate: (resource, user) => canWriteDraft(resource, user),
  forRoom: commitmentHooks,
});

function commitmentHooks(room: RoomContext): RoomHooks {
  const id = room.ref.id;
  const { tuning, logger } = room;
  let dirty = false;
  let projectTimer: NodeJS.Timeout | null = null;
  let projecting: Promise<void> = Promise.resolve();
  let updatesSinceVersion = 0;
  let autoVersionTimer: NodeJS.Timeout | null = null;
  let versioning: Promise<void> | null = null;
  let stopped = false;

  /** Writes the document into the commitment's rows, one projection at a time. */
  function project(): Promise<void> {
    projecting = projecting.then(async () => {
      if (!dirty || stopped) return;
      dirty = false;
      try {
        await projectDraft(id, readDraft(room.doc));
      } catch (error) {
        dirty = true;
        logger.error({ err: error }, "collab: projecting the draft failed; will retry");
      }
    });
    return projecting;
  }

  /** (Re)starts the quiet-spell timer that ends a burst of editing with an automatic version. */
  function scheduleAutoVersion(): void {
    if (!room.serving()) return;
    if (autoVersionTimer) clearTimeout(autoVersionTimer);
    autoVersionTimer = setTimeout(() => {
      autoVersionTimer = null;
      void autoVersion();
    }, tuning.autoVersionQuietMs);
    autoVersionTimer.unref();
  }

  function autoVersion(): Promise<void> {
    versioning ??= (async () => {
      try {
        await room.settled();
        if (updatesSinceVersion < tuning.autoVersionEvery) return;
        const version = await createVersion(id, { name: "", kind: "AUTO", userId: null });
        logger.debug({ number: version.number }, "collab: automatic version");
      } catch (error) {
        logger.error({ err: error }, "collab: automatic version failed");
      } finally {
        versioning = null;
      }
    })();
    return versioning;
  }

  // A version taken anywhere (a status change, a named version, a restore) restarts the count.
  const stopVersions = room.events.subscribe("collab.version", ({ room: name }) => {
    if (name !== room.ref.name) return;
    updatesSinceVersion = 0;
    if (autoVersionTimer) clearTimeout(autoVersionTimer);
    autoVersionTimer = null;
  });

  return {
    // A commitment room that never stored anything starts from the database (see seed.server.ts);
    // one stored in an older document shape is upgraded first, by one server-authored change
    // (upgrade.server.ts; approved commitments are never rewritten).
    onLoad: async () => {
      await ensureSeeded(id);
      await ensureCurrentShape(id);
    },

    afterLoad: async () => {
      updatesSinceVersion = await updatesSinceLastVersion(id);
      // The rows may lag the stored document: a process that died (kill -9, a crash, a power cut)
      // between storing updates and projecting them never projected them. Project what was loaded.
      dirty = true;
      void project();
      if (updatesSinceVersion >= tuning.autoVersionEvery) scheduleAutoVersion();
    },

    onChange: (count) => {
      dirty = true;
      if (!projectTimer && room.serving()) {
        projectTimer = setTimeout(() => {
          projectTimer = null;
          void project();
        }, tuning.projectDelayMs);
        projectTimer.unref();
      }
      updatesSinceVersion += count;
      if (updatesSinceVersion >= tuning.autoVersionEvery) scheduleAutoVersion();
    },

    onStore: async () => {
      if (projectTimer) clearTimeout(projectTimer);
      projectTimer = null;
      const burstPending = autoVersionTimer !== null;
      if (autoVersionTimer) clearTimeout(autoVersionTimer);
      autoVersionTimer = null;
      await project();
      if (burstPending || versioning) await autoVersion();
    },

    onUnload: () => {
      stopped = true;
      stopVersions();
    },
  };
}

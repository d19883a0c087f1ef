import { canWriteMinutes, minutesAccessResource } from "../../../app/forum/minutes-access.server.ts";
import { defineRoomExtension } from "../extension.ts";

// A forum session's minutes (`session/<id>`): the forum's members and the secretariat write them
// until they are approved, everyone reads them. What the server writes into them (the agenda's
// skeleton, motion results, agreements) arrives as server-authored updates on the event bus;
// nothing else differs from the transport's defaults.

export const minutesRooms = defineRoomExtension({
  kind: "session",
  loadResource: minutesAccessResource,
  onAuthenticate: (resource, user) => canWriteMinutes(resource, user),
});

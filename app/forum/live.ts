// The live rooms (socket.io, see app/utils/live.server.ts) of the forum's pages.

/** The forum as a whole: composition, rules, the list of sessions, agreements. */
export const FORUM_LIVE_ROOM = "forum:foro";

/** One session: agenda, confirmations, roll call, motions and votes, agreements, minutes status. */
export const sessionLiveRoom = (sessionId: string) => `forum-session:${sessionId}`;

import { listSessions } from "~/forum/sessions.server.ts";
import { apiData } from "~/utils/api.server.ts";

/** GET /api/v1/forum/sessions: every session, newest first. */
export async function loader() {
  const sessions = await listSessions();
  return apiData(
    sessions.map(({ _count, ...s }) => ({
      ...s,
      minutesSha256: s.minutesHash,
      agendaItems: _count.agendaItems,
      motions: _count.motions,
      agreements: _count.agreements,
      url: `/foro/sesiones/${s.id}`,
      api: `/api/v1/forum/sessions/${s.id}`,
    })),
  );
}

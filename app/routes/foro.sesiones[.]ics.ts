import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildCalendar } from "~/forum/ics.ts";
import { calendarSessions } from "~/forum/forum.server.ts";
import { getEnv } from "~/utils/env.server.ts";

const TWO_HOURS = 2 * 60 * 60 * 1000;

/** GET /foro/sesiones.ics: every session as an iCalendar feed (subscribe from any calendar). */
export async function loader({ request }: LoaderFunctionArgs) {
  // Links and UIDs use the public address when one is configured (behind a proxy the request's
  // own URL may be an internal one); UIDs must stay stable for calendars to update events.
  const base = new URL(getEnv().PUBLIC_URL ?? request.url);
  const origin = base.origin;
  const host = base.hostname;
  const sessions = await calendarSessions();
  const body = buildCalendar(
    sessions.map((s) => ({
      uid: `forum-session-${s.id}@${host}`,
      start: s.startedAt ?? s.scheduledAt,
      end: s.endedAt ?? new Date((s.startedAt ?? s.scheduledAt).getTime() + TWO_HOURS),
      summary: s.title,
      description: [
        "Foro Multiactor de Gobierno Abierto",
        ...(s.agendaItems.length ? ["", "Agenda:", ...s.agendaItems.map((i) => `${i.position}. ${i.title}`)] : []),
        "",
        `${origin}/foro/sesiones/${s.id}`,
      ].join("\n"),
      location: s.location,
      url: `${origin}/foro/sesiones/${s.id}`,
      status: s.status === "CANCELLED" ? "CANCELLED" : "CONFIRMED",
    })),
    { name: "Foro Multiactor de Gobierno Abierto" },
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="foro-multiactor.ics"',
      "Cache-Control": "public, max-age=300",
    },
  });
}

import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login, postForm } from "../support/http.ts";
import { startServer, type RunningServer } from "../support/server.ts";

// The Foro Multiactor over HTTP against the real server with its demo data, as a browser without
// JavaScript uses it: plain form posts and redirects, refusals with their status codes (and a
// refused vote saying why), nothing changed by a refused request, and the public JSON and ICS.

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

const get = (path: string, cookie?: string) =>
  fetch(`${server.url}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
const api = async <T>(path: string): Promise<T> => ((await (await get(path)).json()) as { data: T }).data;

type SessionJson = {
  id: string;
  status: string;
  agenda: { title: string; kind: string; targetId: string | null }[];
  quorum: { reached: boolean; attending: number; members: number };
  motions: { status: string; result: { for: number; against: number; bySector: Record<string, { FOR: number }> } }[];
  agreements: { text: string; status: string; overdue: boolean }[];
  minutes: { status: string; sha256: string | null };
  attendance: { bySector: Record<string, { name: string; status: string | null; rsvp: string | null }[]> };
};

describe("the forum over HTTP", () => {
  it("publishes the composition, rules, standards and past sessions without an account", async () => {
    const page = await get("/foro");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Rosa Quispe (demo)");
    expect(html).toContain("Reglamento");
    expect(html).toContain("Al menos un miembro de cada sector");
    const forum = await api<{
      membersBySector: Record<string, { name: string; role: string }[]>;
      rules: { quorum: { majority: boolean; eachSector: boolean } };
      standards: { sessionsHeld: number; minutesPublished: number };
    }>("/api/v1/forum");
    expect(Object.keys(forum.membersBySector).sort()).toEqual([
      "ACADEMIA",
      "CIVIL_SOCIETY",
      "PRIVATE_SECTOR",
      "PUBLIC_SECTOR",
    ]);
    for (const list of Object.values(forum.membersBySector)) expect(list.length).toBeGreaterThan(0);
    expect(forum.rules.quorum).toEqual({ majority: true, eachSector: true });
    expect(forum.standards).toMatchObject({ sessionsHeld: 2, minutesPublished: 2 });
    const sessions =
      await api<{ id: string; status: string; minutesStatus: string; minutesSha256: string | null }[]>(
        "/api/v1/forum/sessions",
      );
    const held = sessions.filter((s) => s.status === "HELD");
    expect(held).toHaveLength(2);
    // The published fingerprint is the SHA-256 of the Markdown download.
    for (const s of held) {
      const md = await (await get(`/foro/sesiones/${s.id}/acta.md`)).text();
      expect(createHash("sha256").update(md, "utf8").digest("hex")).toBe(s.minutesSha256);
    }
    expect((await get("/foro/sesiones/nope")).status).toBe(404);
    expect((await get("/api/v1/forum/sessions/nope")).status).toBe(404);
    expect((await get("/foro/sesiones/nope/acta.md")).status).toBe(404);
  });

  it("runs a session from scheduling to approved minutes, refusing what each person may not do", async () => {
    const [admin, chair, member, academic, citizen] = await Promise.all([
      login(server, "admin@minka.pe"),
      login(server, "presidencia@minka.pe"),
      login(server, "foro@minka.pe"),
      login(server, "academia@minka.pe"),
      login(server, "ciudadana@minka.pe"),
    ]);
    const before = (await api<unknown[]>("/api/v1/forum/sessions")).length;

    // Scheduling: the secretariat only; a malformed form keeps its input.
    const form = {
      intent: "schedule",
      title: "Sesión de integración",
      scheduledAt: "2027-03-04T15:00",
      location: "Sala 1",
      repeat: "2",
    };
    expect((await postForm(server, "/foro/sesiones", form)).headers.get("location")).toMatch(/^\/ingresar/);
    expect((await postForm(server, "/foro/sesiones", form, { cookie: citizen })).status).toBe(403);
    expect((await postForm(server, "/foro/sesiones", form, { cookie: chair })).status).toBe(403);
    const bad = await postForm(server, "/foro/sesiones", { ...form, scheduledAt: "mañana" }, { cookie: admin });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Escribe una fecha válida.");
    expect(badHtml).toContain('value="Sesión de integración"');
    expect((await postForm(server, "/foro/sesiones", { ...form, intent: "drop" }, { cookie: admin })).status).toBe(400);
    expect((await api<unknown[]>("/api/v1/forum/sessions")).length).toBe(before);
    const scheduled = await postForm(server, "/foro/sesiones", form, { cookie: admin });
    expect(scheduled.status).toBe(302);
    expect(scheduled.headers.get("location")).toBe("/foro/sesiones?programadas=2");
    const all = await api<{ id: string; title: string; scheduledAt: string }[]>("/api/v1/forum/sessions");
    const mine = all
      .filter((s) => s.title === "Sesión de integración")
      .sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
    expect(mine.map((s) => s.scheduledAt)).toEqual(["2027-03-04T20:00:00.000Z", "2027-04-01T20:00:00.000Z"]);
    const id = mine[0]!.id;
    const path = `/foro/sesiones/${id}`;
    const live = `${path}/en-vivo`;

    // The calendar lists them.
    const ics = await get("/foro/sesiones.ics");
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    expect(await ics.text()).toContain(`UID:forum-session-${id}@`);

    // Agenda: members propose; a wrong link is refused with the input kept.
    const plan = await api<{ commitments: { id: string }[] }>("/api/v1/plans/plan-demostracion-2027-2028");
    const commitmentId = plan.commitments[2]!.id;
    expect(
      (await postForm(server, path, { intent: "agenda-add", title: "", kind: "other" }, { cookie: citizen })).status,
    ).toBe(403);
    const wrong = await postForm(
      server,
      path,
      { intent: "agenda-add", title: "Tema", kind: "commitment", targetId: "nope" },
      { cookie: member },
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("No encontramos eso: revisa el identificador.");
    expect(
      (
        await postForm(
          server,
          path,
          { intent: "agenda-add", title: "", kind: "commitment", targetId: commitmentId },
          { cookie: member },
        )
      ).status,
    ).toBe(302);
    expect(
      (await postForm(server, path, { intent: "agenda-add", title: "Varios", kind: "other" }, { cookie: admin }))
        .status,
    ).toBe(302);

    // Confirmations, then the chair opens the session.
    expect((await postForm(server, path, { intent: "rsvp", rsvp: "YES" }, { cookie: member })).status).toBe(302);
    expect((await postForm(server, path, { intent: "rsvp", rsvp: "YES" }, { cookie: citizen })).status).toBe(403);
    expect((await postForm(server, path, { intent: "rsvp", rsvp: "MAYBE" }, { cookie: member })).status).toBe(400);
    expect((await postForm(server, path, { intent: "start" }, { cookie: member })).status).toBe(403);
    const started = await postForm(server, path, { intent: "start" }, { cookie: chair });
    expect(started.headers.get("location")).toBe(`${live}?hecho=abierta`);

    // Roll call: everyone present except the private sector → no quorum; then remote → quorum.
    const liveHtml = await (await get(live, chair)).text();
    const selects = [...liveHtml.matchAll(/name="status:([^"]+)"/g)].map((m) => m[1]!);
    expect(selects.length).toBeGreaterThanOrEqual(6);
    const roll = (status: (memberId: string) => string) =>
      Object.fromEntries([["intent", "roll-call"], ...selects.map((m) => [`status:${m}`, status(m)])]);
    expect(
      (
        await postForm(
          server,
          live,
          roll(() => "PRESENT"),
          { cookie: member },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await postForm(
          server,
          live,
          roll(() => "SLEEPING"),
          { cookie: chair },
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await postForm(
          server,
          live,
          roll((m) => (m === "demo-foro-camara-empresarial" ? "ABSENT" : "PRESENT")),
          { cookie: chair },
        )
      ).status,
    ).toBe(302);
    let session = await api<SessionJson>(`/api/v1/forum/sessions/${id}`);
    expect(session.quorum.reached).toBe(false);
    await postForm(
      server,
      live,
      roll((m) =>
        m === "demo-foro-camara-empresarial" ? "REMOTE" : m === "demo-foro-universidad" ? "EXCUSED" : "PRESENT",
      ),
      {
        cookie: chair,
      },
    );
    session = await api<SessionJson>(`/api/v1/forum/sessions/${id}`);
    expect(session.quorum.reached).toBe(false); // academia excused
    await postForm(
      server,
      live,
      roll((m) => (m === "demo-foro-camara-empresarial" ? "REMOTE" : "PRESENT")),
      { cookie: chair },
    );
    session = await api<SessionJson>(`/api/v1/forum/sessions/${id}`);
    expect(session.quorum).toMatchObject({ reached: true, attending: 6, members: 6 });
    expect(await (await get(live)).text()).toContain("Hay quórum");

    // A motion: the chair opens it; members vote once; refusals say why.
    expect((await postForm(server, live, { intent: "motion-open", text: "Moción" }, { cookie: admin })).status).toBe(
      403,
    );
    const empty = await postForm(server, live, { intent: "motion-open", text: "  " }, { cookie: chair });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Este campo es obligatorio.");
    expect(
      (
        await postForm(
          server,
          live,
          { intent: "motion-open", text: "Aprobar la consulta del compromiso" },
          { cookie: chair },
        )
      ).status,
    ).toBe(302);
    const motionId = (await (await get(live, member)).text()).match(/name="motionId" value="([^"]+)"/)![1]!;
    const vote = (cookie: string, choice = "FOR") =>
      postForm(server, live, { intent: "vote", motionId, choice }, { cookie });
    expect((await vote(member)).status).toBe(302);
    const again = await vote(member, "AGAINST");
    expect(again.status).toBe(403);
    expect(await again.text()).toContain("Ya votaste en esta moción");
    const outsider = await vote(citizen);
    expect(outsider.status).toBe(403);
    expect(await outsider.text()).toContain("Solo los miembros del Foro votan.");
    expect((await vote(academic, "AGAINST")).status).toBe(302);
    expect((await vote(chair, "MAYBE")).status).toBe(400);
    expect(
      (await postForm(server, live, { intent: "vote", motionId: "nope", choice: "FOR" }, { cookie: chair })).status,
    ).toBe(404);
    expect((await postForm(server, live, { intent: "motion-close", motionId }, { cookie: member })).status).toBe(403);
    expect((await postForm(server, live, { intent: "motion-close", motionId }, { cookie: chair })).status).toBe(302);
    const late = await vote(chair);
    expect(late.status).toBe(403);
    expect(await late.text()).toContain("La votación de esta moción ya se cerró.");
    session = await api<SessionJson>(`/api/v1/forum/sessions/${id}`);
    expect(session.motions[0]).toMatchObject({ status: "REJECTED", result: { for: 1, against: 1 } });
    expect(session.motions[0]!.result.bySector.CIVIL_SOCIETY!.FOR).toBe(1);

    // An agreement, then the session is closed.
    const agreement = { intent: "agreement", text: "Informe de avance", responsible: "SGP", dueDate: "2027-04-01" };
    expect((await postForm(server, live, agreement, { cookie: member })).status).toBe(403);
    const badDate = await postForm(server, live, { ...agreement, dueDate: "pronto" }, { cookie: chair });
    expect(badDate.status).toBe(400);
    expect(await badDate.text()).toContain(">Informe de avance</textarea>");
    expect((await postForm(server, live, agreement, { cookie: chair })).status).toBe(302);
    expect((await postForm(server, live, { intent: "end" }, { cookie: member })).status).toBe(403);
    expect((await postForm(server, live, { intent: "end" }, { cookie: chair })).status).toBe(302);

    // The minutes: circulated, approved, frozen and fingerprinted.
    expect((await postForm(server, path, { intent: "approve" }, { cookie: chair })).status).toBe(403);
    expect((await postForm(server, path, { intent: "circulate" }, { cookie: member })).status).toBe(403);
    expect((await postForm(server, path, { intent: "circulate" }, { cookie: chair })).status).toBe(302);
    expect((await postForm(server, path, { intent: "approve" }, { cookie: citizen })).status).toBe(403);
    expect((await postForm(server, path, { intent: "approve" }, { cookie: admin })).status).toBe(302);
    session = await api<SessionJson>(`/api/v1/forum/sessions/${id}`);
    expect(session.status).toBe("HELD");
    expect(session.minutes.status).toBe("APPROVED");
    const md = await (await get(`${path}/acta.md`)).text();
    expect(createHash("sha256").update(md, "utf8").digest("hex")).toBe(session.minutes.sha256);
    expect(md).toContain("Moción: «Aprobar la consulta del compromiso» — RECHAZADA");
    expect(md).toContain("Acuerdo: «Informe de avance». Responsable: SGP.");
    // The due date is the day the chair typed, not the UTC day of 23:59 in Lima.
    expect(md).toContain("Responsable: SGP. Plazo: 2027-04-01.");
    const openData = (await (await get("/datos/acuerdos-foro.json")).json()) as { data: Record<string, unknown>[] };
    expect(openData.data.find((a) => a.text === "Informe de avance" && a.session_id === id)).toMatchObject({
      due_date: "2027-04-01",
    });
    expect(session.agreements[0]).toMatchObject({ text: "Informe de avance", status: "PENDING" });
    const pageHtml = await (await get(path)).text();
    expect(pageHtml).toContain(session.minutes.sha256!);

    // Follow-up of the agreement from /foro.
    const agreementId = (await (await get("/foro", chair)).text()).match(
      new RegExp(`Informe de avance[\\s\\S]*?name="agreementId" value="([^"]+)"`),
    )![1]!;
    const noEvidence = await postForm(
      server,
      "/foro",
      { intent: "agreement-update", agreementId, status: "DONE", evidence: "" },
      { cookie: chair },
    );
    expect(noEvidence.status).toBe(400);
    expect(await noEvidence.text()).toContain("agrega la evidencia");
    expect(
      (
        await postForm(
          server,
          "/foro",
          { intent: "agreement-update", agreementId, status: "DONE", evidence: "x" },
          { cookie: member },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await postForm(
          server,
          "/foro",
          { intent: "agreement-update", agreementId: "nope", status: "DONE", evidence: "x" },
          { cookie: chair },
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await postForm(
          server,
          "/foro",
          { intent: "agreement-update", agreementId, status: "DONE", evidence: "https://example.pe" },
          { cookie: chair },
        )
      ).status,
    ).toBe(302);
    session = await api<SessionJson>(`/api/v1/forum/sessions/${id}`);
    expect(session.agreements[0]!.status).toBe("DONE");
  });
  it("lets the secretariat add a member (with an account) and end a term; nobody else", async () => {
    const [admin, chair, citizen] = await Promise.all([
      login(server, "admin@minka.pe"),
      login(server, "presidencia@minka.pe"),
      login(server, "ciudadana@minka.pe"),
    ]);
    const orgId = (await (await get("/foro", admin)).text()).match(/<option value="([^"]+)">Universidad Demo/)![1]!;
    const form = {
      intent: "member-add",
      name: "Lucía Mamani (demo)",
      organizationId: orgId,
      regionId: "13",
      role: "member",
      termStart: "2026-01-01",
      termEnd: "2027-12-31",
      email: "ciudadana@minka.pe",
    };
    expect((await postForm(server, "/foro", form, { cookie: chair })).status).toBe(403);
    expect((await postForm(server, "/foro", form, { cookie: citizen })).status).toBe(403);
    const unknown = await postForm(server, "/foro", { ...form, email: "nadie@example.pe" }, { cookie: admin });
    expect(unknown.status).toBe(400);
    const unknownHtml = await unknown.text();
    expect(unknownHtml).toContain("No hay una cuenta con ese correo.");
    expect(unknownHtml).toContain('value="Lucía Mamani (demo)"');
    expect((await postForm(server, "/foro", { ...form, termEnd: "2025-01-01" }, { cookie: admin })).status).toBe(400);
    expect((await postForm(server, "/foro", { ...form, organizationId: "nope" }, { cookie: admin })).status).toBe(400);
    expect((await postForm(server, "/foro", { ...form, role: "king" }, { cookie: admin })).status).toBe(400);
    const members = async () =>
      (
        await api<{ membersBySector: Record<string, { id: string; name: string; region: string | null }[]> }>(
          "/api/v1/forum",
        )
      ).membersBySector.ACADEMIA!;
    expect((await members()).some((m) => m.name === "Lucía Mamani (demo)")).toBe(false);
    expect((await postForm(server, "/foro", form, { cookie: admin })).status).toBe(302);
    const added = (await members()).find((m) => m.name === "Lucía Mamani (demo)")!;
    expect(added).toMatchObject({ region: "La Libertad" });

    // With a seat, her account may now confirm attendance for the next session.
    const next = (await api<{ id: string; status: string; scheduledAt: string }[]>("/api/v1/forum/sessions"))
      .filter((s) => s.status === "SCHEDULED")
      .sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt))[0]!;
    expect(
      (await postForm(server, `/foro/sesiones/${next.id}`, { intent: "rsvp", rsvp: "YES" }, { cookie: citizen }))
        .status,
    ).toBe(302);

    expect(
      (await postForm(server, "/foro", { intent: "member-end", memberId: added.id }, { cookie: chair })).status,
    ).toBe(403);
    expect(
      (await postForm(server, "/foro", { intent: "member-end", memberId: "nope" }, { cookie: admin })).status,
    ).toBe(404);
    expect(
      (await postForm(server, "/foro", { intent: "member-end", memberId: added.id }, { cookie: admin })).status,
    ).toBe(302);
    expect((await members()).some((m) => m.id === added.id)).toBe(false);
    expect(
      (await postForm(server, `/foro/sesiones/${next.id}`, { intent: "rsvp", rsvp: "NO" }, { cookie: citizen })).status,
    ).toBe(403);
  });
});

import type * as Y from "yjs";

// The authorisation matrix: every loader, action and API route on the platform, tried as each
// role. One row per route (and per form intent); each role's expected answer:
//
//   "ok"         served or processed: not 401/403, not a redirect to the login page, not a 5xx
//                (a 400 for a deliberately invalid form counts: the request got past authorisation)
//   "login"      anonymous refusal: a redirect to /ingresar (pages and form posts) or 401 (APIs)
//   "forbidden"  403, and nothing in the database changed
//   "home"       a redirect to / (pages for visitors only, GET on a POST-only route)
//
// Refused cases ("login", "forbidden") are checked against a digest of every table before and
// after: nothing may change. To cover a new area, add its routes here, one row each; the suite in
// authorization.test.ts and csrf.test.ts (every POST row, and every other mutation — the JSON API's
// POST, PUT, PATCH and DELETE rows — with a foreign and a missing Origin) picks them up.

export const ROLES = ["anonymous", "citizen", "orgMember", "publicServant", "forumMember", "admin"] as const;
export type Role = (typeof ROLES)[number];
export type Expectation = "ok" | "login" | "forbidden" | "home";

/** Ids the rows need, created or looked up by the suite before it runs. */
export type Fixtures = {
  /** A closed national plan (its phase cannot move to co-creation). */
  closedPlanId: string;
  /** Demo draft commitments, one per row that changes state, so rows do not interfere. */
  commitmentForStatus: string;
  commitmentForVersions: string;
  /** A version of commitmentForVersions. */
  versionId: string;
  orgSlug: string;
} & AreaFixtures;

/** Ids of the participation, forum and monitoring rows (see `areaFixtures` in support.ts). */
export type AreaFixtures = {
  /** A demo proposal by nobody of the matrix, with a comment by nobody of the matrix (commentId). */
  proposalId: string;
  commentId: string;
  /** The next scheduled forum session, and a held one with approved minutes, a closed motion and an agreement. */
  scheduledSessionId: string;
  heldSessionId: string;
  motionId: string;
  agreementId: string;
  /** An organisation's id (for a forum member). */
  organizationId: string;
  /** A commitment whose lead institution none of the matrix's people belong to. */
  reportableCommitmentId: string;
  /** A good practice waiting to be published. */
  practiceId: string;
};

export type RouteCase = {
  name: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: (f: Fixtures) => string;
  form?: (f: Fixtures) => Record<string, string>;
  /** A JSON body (the API's writes), sent as application/json instead of a form. */
  json?: (f: Fixtures) => unknown;
  /** The request ends the session it is sent with: send it with a throwaway session. */
  endsSession?: boolean;
  /**
   * Why this POST is exempt from the Origin check (only the one-click unsubscribe of RFC 8058,
   * authorised by the secret in its address): the CSRF suite then checks that a foreign Origin
   * still gets no further than an unknown token does.
   */
  originExempt?: string;
  expect: Record<Role, Expectation>;
};

const all = (expectation: Expectation): Record<Role, Expectation> => ({
  anonymous: expectation,
  citizen: expectation,
  orgMember: expectation,
  publicServant: expectation,
  forumMember: expectation,
  admin: expectation,
});

/** Logged-in people only (any role): anonymous visitors are sent to log in. */
const loggedIn: Record<Role, Expectation> = { ...all("ok"), anonymous: "login" };

/** Only these roles; other logged-in people get 403, anonymous visitors the login page. */
const only = (...allowed: Role[]): Record<Role, Expectation> => {
  const result = { ...all("forbidden"), anonymous: "login" } as Record<Role, Expectation>;
  for (const role of allowed) result[role] = "ok";
  return result;
};

const visitorsOnly: Record<Role, Expectation> = { ...all("home"), anonymous: "ok" };

/** The second factor's login step: a pending session's; anonymous to the login page, logged in home. */
const pendingOnly: Record<Role, Expectation> = { ...all("home"), anonymous: "login" };

/** Shaped like the token of a link in a message (32 base32 characters), matching none. */
const BOGUS_TOKEN = "abcdefghijklmnopqrstuvwxyz234567";

export const ROUTES: RouteCase[] = [
  // Public pages and open data: everyone.
  { name: "home", method: "GET", path: () => "/", expect: all("ok") },
  { name: "plans", method: "GET", path: () => "/planes", expect: all("ok") },
  { name: "plan", method: "GET", path: (f) => `/planes/${f.closedPlanId}`, expect: all("ok") },
  { name: "commitment", method: "GET", path: (f) => `/compromisos/${f.commitmentForVersions}`, expect: all("ok") },
  {
    name: "live draft",
    method: "GET",
    path: (f) => `/compromisos/${f.commitmentForVersions}/editar`,
    expect: all("ok"),
  },
  {
    name: "history",
    method: "GET",
    path: (f) => `/compromisos/${f.commitmentForVersions}/historial`,
    expect: all("ok"),
  },
  {
    name: "drafting team",
    method: "GET",
    path: (f) => `/compromisos/${f.commitmentForVersions}/equipo`,
    expect: all("ok"),
  },
  {
    name: "version",
    method: "GET",
    path: (f) => `/compromisos/${f.commitmentForVersions}/historial/${f.versionId}`,
    expect: all("ok"),
  },
  {
    name: "compare",
    method: "GET",
    path: (f) => `/compromisos/${f.commitmentForVersions}/comparar?de=${f.versionId}&a=${f.versionId}`,
    expect: all("ok"),
  },
  { name: "organisations", method: "GET", path: () => "/organizaciones", expect: all("ok") },
  { name: "organisation", method: "GET", path: (f) => `/organizaciones/${f.orgSlug}`, expect: all("ok") },
  { name: "privacy notice", method: "GET", path: () => "/privacidad", expect: all("ok") },
  { name: "community rules", method: "GET", path: () => "/normas-de-la-comunidad", expect: all("ok") },
  { name: "account deleted", method: "GET", path: () => "/cuenta-eliminada", expect: all("ok") },
  { name: "API plans", method: "GET", path: () => "/api/v1/plans", expect: all("ok") },
  { name: "API plan", method: "GET", path: (f) => `/api/v1/plans/${f.closedPlanId}`, expect: all("ok") },
  {
    name: "API commitment",
    method: "GET",
    path: (f) => `/api/v1/commitments/${f.commitmentForVersions}`,
    expect: all("ok"),
  },
  { name: "health", method: "GET", path: () => "/healthz", expect: all("ok") },
  { name: "readiness", method: "GET", path: () => "/readyz", expect: all("ok") },

  // Visitors' pages.
  { name: "login page", method: "GET", path: () => "/ingresar", expect: visitorsOnly },
  { name: "registration page", method: "GET", path: () => "/registro", expect: visitorsOnly },
  {
    name: "login (wrong password)",
    method: "POST",
    path: () => "/ingresar",
    form: () => ({ email: "nadie@example.pe", password: "not the password" }),
    expect: all("ok"),
  },
  {
    name: "registration (invalid form)",
    method: "POST",
    path: () => "/registro",
    form: () => ({ name: "x" }),
    expect: all("ok"),
  },
  {
    name: "language",
    method: "POST",
    path: () => "/idioma",
    form: () => ({ locale: "es", redirectTo: "/" }),
    expect: all("ok"),
  },
  { name: "language (GET)", method: "GET", path: () => "/idioma", expect: all("home") },
  { name: "logout", method: "POST", path: () => "/salir", endsSession: true, expect: all("ok") },
  { name: "logout (GET)", method: "GET", path: () => "/salir", expect: all("home") },

  // One's own account.
  { name: "account", method: "GET", path: () => "/cuenta", expect: loggedIn },
  {
    name: "change password (wrong current)",
    method: "POST",
    path: () => "/cuenta",
    form: () => ({
      intent: "change-password",
      currentPassword: "not the password",
      newPassword: "otra frase segura",
      newPasswordConfirm: "otra frase segura",
    }),
    expect: loggedIn,
  },
  {
    name: "delete account (wrong password)",
    method: "POST",
    path: () => "/cuenta",
    form: () => ({ intent: "delete-account", password: "not the password", confirm: "on" }),
    expect: loggedIn,
  },
  { name: "my data", method: "GET", path: () => "/cuenta/mis-datos", expect: loggedIn },
  {
    name: "my data: prepare link",
    method: "POST",
    path: () => "/cuenta/mis-datos",
    form: () => ({ intent: "prepare" }),
    expect: loggedIn,
  },
  {
    name: "my data: download with someone else's token",
    method: "GET",
    path: () => "/cuenta/mis-datos/descarga?token=not-a-token-of-yours&formato=json",
    expect: only(),
  },

  // The secretariat and drafting teams (every demo team: the public servant and the civil-society
  // co-lead, foro@minka.pe, who is the matrix's forum member).
  {
    name: "plan phase",
    method: "POST",
    path: (f) => `/planes/${f.closedPlanId}`,
    form: () => ({ phase: "CO_CREATION" }),
    expect: only("admin"),
  },
  {
    name: "commitment status",
    method: "POST",
    path: (f) => `/compromisos/${f.commitmentForStatus}`,
    form: () => ({ intent: "status", to: "IN_CONSULTATION" }),
    expect: only("publicServant", "forumMember", "admin"),
  },
  {
    name: "named version",
    method: "POST",
    path: (f) => `/compromisos/${f.commitmentForVersions}/historial`,
    form: () => ({ intent: "create-version", name: "Versión de la matriz" }),
    expect: only("publicServant", "forumMember", "admin"),
  },
  {
    name: "restore version",
    method: "POST",
    path: (f) => `/compromisos/${f.commitmentForVersions}/historial/${f.versionId}`,
    form: () => ({ intent: "restore" }),
    expect: only("publicServant", "forumMember", "admin"),
  },
  {
    name: "drafting team: add",
    method: "POST",
    path: (f) => `/compromisos/${f.commitmentForVersions}/equipo`,
    form: () => ({ intent: "team-add", email: "ciudadana@minka.pe" }),
    expect: only("admin"),
  },
  {
    name: "drafting team: remove",
    method: "POST",
    path: (f) => `/compromisos/${f.commitmentForVersions}/equipo`,
    form: () => ({ intent: "team-remove", userId: "nobody-on-the-team" }),
    expect: only("admin"),
  },
  // ---- Participation: proposals, supports, endorsements, comments, responses, notifications ----
  { name: "proposals", method: "GET", path: () => "/propuestas", expect: all("ok") },
  { name: "proposal", method: "GET", path: (f) => `/propuestas/${f.proposalId}`, expect: all("ok") },
  { name: "new proposal page", method: "GET", path: () => "/propuestas/nueva", expect: loggedIn },
  {
    name: "publish proposal (invalid form)",
    method: "POST",
    path: () => "/propuestas/nueva",
    form: () => ({ title: "x" }),
    expect: loggedIn,
  },
  {
    name: "draft comments",
    method: "GET",
    path: (f) => `/compromisos/${f.commitmentForVersions}/comentarios`,
    expect: all("ok"),
  },
  {
    name: "comment on a draft (empty)",
    method: "POST",
    path: (f) => `/compromisos/${f.commitmentForVersions}/comentarios`,
    form: () => ({ intent: "comment", body: "" }),
    expect: loggedIn,
  },
  {
    name: "support a proposal",
    method: "POST",
    path: (f) => `/propuestas/${f.proposalId}`,
    form: () => ({ intent: "vote" }),
    expect: loggedIn,
  },
  {
    name: "follow a proposal",
    method: "POST",
    path: (f) => `/propuestas/${f.proposalId}`,
    form: () => ({ intent: "follow" }),
    expect: loggedIn,
  },
  {
    name: "comment on a proposal (empty)",
    method: "POST",
    path: (f) => `/propuestas/${f.proposalId}`,
    form: () => ({ intent: "comment", body: "" }),
    expect: loggedIn,
  },
  {
    name: "endorse a proposal",
    method: "POST",
    path: (f) => `/propuestas/${f.proposalId}`,
    form: () => ({ intent: "endorse" }),
    expect: loggedIn,
  },
  {
    name: "report a comment",
    method: "POST",
    path: (f) => `/propuestas/${f.proposalId}`,
    form: (f) => ({ intent: "report-comment", commentId: f.commentId, reason: "Revisión de la matriz" }),
    expect: loggedIn,
  },
  {
    name: "edit someone else's comment",
    method: "POST",
    path: (f) => `/propuestas/${f.proposalId}`,
    form: (f) => ({ intent: "edit-comment", commentId: f.commentId, body: "Texto reemplazado por otra persona" }),
    expect: only(),
  },
  {
    name: "delete someone else's comment",
    method: "POST",
    path: (f) => `/propuestas/${f.proposalId}`,
    form: (f) => ({ intent: "delete-comment", commentId: f.commentId }),
    expect: only(),
  },
  {
    name: "withdraw someone else's proposal",
    method: "POST",
    path: (f) => `/propuestas/${f.proposalId}`,
    form: () => ({ intent: "withdraw" }),
    expect: only(),
  },
  {
    name: "hide a comment",
    method: "POST",
    path: (f) => `/propuestas/${f.proposalId}`,
    form: (f) => ({ intent: "hide-comment", commentId: f.commentId, reason: "Fuera de las normas de la comunidad" }),
    expect: only("admin"),
  },
  {
    name: "restore a comment",
    method: "POST",
    path: (f) => `/propuestas/${f.proposalId}`,
    form: (f) => ({ intent: "restore-comment", commentId: f.commentId, reason: "Restaurado por la matriz" }),
    expect: only("admin"),
  },
  {
    name: "respond to a proposal",
    method: "POST",
    path: (f) => `/propuestas/${f.proposalId}`,
    form: () => ({ intent: "respond", status: "UNDER_EVALUATION" }),
    expect: only("publicServant", "admin"),
  },
  { name: "notifications", method: "GET", path: () => "/notificaciones", expect: loggedIn },
  { name: "notification count", method: "GET", path: () => "/notificaciones/contador", expect: all("ok") },
  {
    name: "mark notifications read",
    method: "POST",
    path: () => "/notificaciones",
    form: () => ({ intent: "read-all" }),
    expect: loggedIn,
  },
  { name: "API proposals", method: "GET", path: () => "/api/v1/proposals", expect: all("ok") },
  { name: "API proposal", method: "GET", path: (f) => `/api/v1/proposals/${f.proposalId}`, expect: all("ok") },

  // ---- Foro Multiactor ----
  { name: "forum", method: "GET", path: () => "/foro", expect: all("ok") },
  { name: "forum sessions", method: "GET", path: () => "/foro/sesiones", expect: all("ok") },
  { name: "forum calendar", method: "GET", path: () => "/foro/sesiones.ics", expect: all("ok") },
  { name: "forum session", method: "GET", path: (f) => `/foro/sesiones/${f.scheduledSessionId}`, expect: all("ok") },
  {
    name: "forum session live",
    method: "GET",
    path: (f) => `/foro/sesiones/${f.heldSessionId}/en-vivo`,
    expect: all("ok"),
  },
  {
    name: "forum minutes (Markdown)",
    method: "GET",
    path: (f) => `/foro/sesiones/${f.heldSessionId}/acta.md`,
    expect: all("ok"),
  },
  { name: "API forum", method: "GET", path: () => "/api/v1/forum", expect: all("ok") },
  { name: "API forum sessions", method: "GET", path: () => "/api/v1/forum/sessions", expect: all("ok") },
  {
    name: "API forum session",
    method: "GET",
    path: (f) => `/api/v1/forum/sessions/${f.heldSessionId}`,
    expect: all("ok"),
  },
  {
    name: "forum: schedule a session",
    method: "POST",
    path: () => "/foro/sesiones",
    form: () => ({ intent: "schedule", title: "Sesión de la matriz", scheduledAt: "2031-03-05T10:00", repeat: "1" }),
    expect: only("admin"),
  },
  {
    name: "forum: publish the rules",
    method: "POST",
    path: () => "/foro",
    form: () => ({
      intent: "rules",
      text: "Reglamento del Foro publicado por la matriz de autorización.",
      quorumMajority: "on",
      quorumEachSector: "on",
    }),
    expect: only("admin"),
  },
  {
    name: "forum: add a member",
    method: "POST",
    path: () => "/foro",
    form: (f) => ({
      intent: "member-add",
      organizationId: f.organizationId,
      name: "Integrante de la Matriz",
      role: "alternate",
      termStart: "2026-01-01",
    }),
    expect: only("admin"),
  },
  {
    name: "forum: confirm attendance",
    method: "POST",
    path: (f) => `/foro/sesiones/${f.scheduledSessionId}`,
    form: () => ({ intent: "rsvp", rsvp: "YES" }),
    expect: only("forumMember"),
  },
  {
    name: "forum: propose an agenda item",
    method: "POST",
    path: (f) => `/foro/sesiones/${f.scheduledSessionId}`,
    form: () => ({ intent: "agenda-add", title: "Punto propuesto por la matriz", kind: "other" }),
    expect: only("forumMember", "admin"),
  },
  {
    name: "forum: put a motion to a vote (chair only, in session)",
    method: "POST",
    path: (f) => `/foro/sesiones/${f.scheduledSessionId}/en-vivo`,
    form: () => ({ intent: "motion-open", text: "Moción de la matriz" }),
    expect: only(),
  },
  {
    name: "forum: end a session that has not started",
    method: "POST",
    path: (f) => `/foro/sesiones/${f.scheduledSessionId}/en-vivo`,
    form: () => ({ intent: "end" }),
    expect: only(),
  },
  {
    name: "forum: vote on a closed motion",
    method: "POST",
    path: (f) => `/foro/sesiones/${f.heldSessionId}/en-vivo`,
    form: (f) => ({ intent: "vote", motionId: f.motionId, choice: "FOR" }),
    expect: only(),
  },
  {
    name: "forum: open a session already held",
    method: "POST",
    path: (f) => `/foro/sesiones/${f.heldSessionId}`,
    form: () => ({ intent: "start" }),
    expect: only(),
  },
  {
    name: "forum: call the roll before the session",
    method: "POST",
    path: (f) => `/foro/sesiones/${f.scheduledSessionId}/en-vivo`,
    form: () => ({ intent: "roll-call" }),
    expect: only(),
  },
  {
    name: "forum: close a motion after the session",
    method: "POST",
    path: (f) => `/foro/sesiones/${f.heldSessionId}/en-vivo`,
    form: (f) => ({ intent: "motion-close", motionId: f.motionId }),
    expect: only(),
  },
  {
    name: "forum: record an agreement once the minutes are approved",
    method: "POST",
    path: (f) => `/foro/sesiones/${f.heldSessionId}/en-vivo`,
    form: () => ({ intent: "agreement", text: "Acuerdo de la matriz", responsible: "SGP", dueDate: "2031-01-31" }),
    expect: only(),
  },
  {
    name: "forum: circulate minutes already approved",
    method: "POST",
    path: (f) => `/foro/sesiones/${f.heldSessionId}`,
    form: () => ({ intent: "circulate" }),
    expect: only(),
  },
  {
    name: "forum: approve minutes already approved",
    method: "POST",
    path: (f) => `/foro/sesiones/${f.heldSessionId}`,
    form: () => ({ intent: "approve" }),
    expect: only(),
  },
  {
    name: "forum: follow up an agreement",
    method: "POST",
    path: (f) => `/foro/sesiones/${f.heldSessionId}`,
    form: (f) => ({
      intent: "agreement-update",
      agreementId: f.agreementId,
      status: "IN_PROGRESS",
      evidence: "Avance registrado por la matriz",
    }),
    expect: only("admin"),
  },

  // ---- Monitoring: progress, good practices, traceability, open data ----
  { name: "monitoring dashboards", method: "GET", path: () => "/seguimiento", expect: all("ok") },
  {
    name: "progress",
    method: "GET",
    path: (f) => `/compromisos/${f.commitmentForVersions}/avances`,
    expect: all("ok"),
  },
  // The responsible institution reports; members of a civil-society organisation (the organisation
  // member, and the forum member of a civil-society collective) file its assessment.
  {
    name: "new progress report page",
    method: "GET",
    path: (f) => `/compromisos/${f.reportableCommitmentId}/avances/nuevo`,
    expect: only("orgMember", "forumMember", "admin"),
  },
  {
    name: "file a progress report (empty)",
    method: "POST",
    path: (f) => `/compromisos/${f.reportableCommitmentId}/avances/nuevo`,
    form: () => ({}),
    expect: only("orgMember", "forumMember", "admin"),
  },
  {
    name: "traceability",
    method: "GET",
    path: (f) => `/compromisos/${f.commitmentForVersions}/trazabilidad`,
    expect: all("ok"),
  },
  {
    name: "verify the record now",
    method: "POST",
    path: (f) => `/compromisos/${f.commitmentForVersions}/trazabilidad`,
    form: () => ({ intent: "verify" }),
    expect: all("ok"),
  },
  { name: "good practices", method: "GET", path: () => "/buenas-practicas", expect: all("ok") },
  { name: "good practice", method: "GET", path: (f) => `/buenas-practicas/${f.practiceId}`, expect: all("ok") },
  { name: "new good practice page", method: "GET", path: () => "/buenas-practicas/nueva", expect: loggedIn },
  {
    name: "publish a good practice",
    method: "POST",
    path: (f) => `/buenas-practicas/${f.practiceId}`,
    form: () => ({ intent: "publish" }),
    expect: only("publicServant", "admin"),
  },
  { name: "open data", method: "GET", path: () => "/datos", expect: all("ok") },
  { name: "open data: proposals CSV", method: "GET", path: () => "/datos/propuestas.csv", expect: all("ok") },
  {
    name: "open data: forum agreements JSON",
    method: "GET",
    path: () => "/datos/acuerdos-foro.json",
    expect: all("ok"),
  },
  { name: "API record", method: "GET", path: () => "/api/v1/ledger", expect: all("ok") },
  {
    name: "API plan progress",
    method: "GET",
    path: () => "/api/v1/plans/plan-demostracion-2027-2028/progress",
    expect: all("ok"),
  },
  { name: "API OpenAPI document", method: "GET", path: () => "/api/v1/openapi.json", expect: all("ok") },

  // ---- Mail: password recovery, address verification, the outbox (docs/decisions/018) ----
  { name: "password recovery page", method: "GET", path: () => "/recuperar-contrasena", expect: visitorsOnly },
  {
    name: "password recovery: ask for a link",
    method: "POST",
    path: () => "/recuperar-contrasena",
    form: () => ({ email: "nadie@example.pe" }),
    expect: visitorsOnly,
  },
  {
    name: "password reset link (unknown token)",
    method: "GET",
    path: () => `/recuperar-contrasena/${BOGUS_TOKEN}`,
    expect: all("ok"),
  },
  {
    name: "password reset: set a password (unknown token)",
    method: "POST",
    path: () => `/recuperar-contrasena/${BOGUS_TOKEN}`,
    form: () => ({ password: "una frase nueva y larga", passwordConfirm: "una frase nueva y larga" }),
    expect: all("ok"),
  },
  {
    name: "address verification link (unknown token)",
    method: "GET",
    path: () => `/verificar-correo/${BOGUS_TOKEN}`,
    expect: all("ok"),
  },
  {
    name: "address verification: confirm (unknown token)",
    method: "POST",
    path: () => `/verificar-correo/${BOGUS_TOKEN}`,
    expect: all("ok"),
  },
  {
    name: "account: another verification link",
    method: "POST",
    path: () => "/cuenta",
    form: () => ({ intent: "resend-verification" }),
    expect: loggedIn,
  },
  // ---- Notifications by mail (docs/decisions/024) ----
  {
    name: "notification mail preferences",
    method: "GET",
    path: () => "/cuenta/notificaciones",
    expect: loggedIn,
  },
  {
    name: "notification mail preferences: save",
    method: "POST",
    path: () => "/cuenta/notificaciones",
    form: () => ({ notificationEmail: "DAILY" }),
    expect: loggedIn,
  },
  {
    name: "unsubscribe link (unknown token)",
    method: "GET",
    path: () => `/correo/baja/${BOGUS_TOKEN}`,
    expect: all("ok"),
  },
  {
    name: "one-click unsubscribe (unknown token)",
    method: "POST",
    path: () => `/correo/baja/${BOGUS_TOKEN}`,
    form: () => ({ "List-Unsubscribe": "One-Click" }),
    originExempt: "RFC 8058: mail clients post it without our Origin; the token in the address authorises it",
    expect: all("ok"),
  },
  { name: "outbox", method: "GET", path: () => "/administracion/correo", expect: only("admin") },
  {
    name: "outbox: read a message",
    method: "POST",
    path: () => "/administracion/correo",
    form: () => ({ intent: "read", id: "no-such-message" }),
    expect: only("admin"),
  },
  {
    name: "outbox: retry a message",
    method: "POST",
    path: () => "/administracion/correo",
    form: () => ({ intent: "retry", id: "no-such-message" }),
    expect: only("admin"),
  },
  // ---- The secretariat's workspace (docs/decisions/019): pages, forms and the JSON API ----
  // The administrator's requests are refused by the rules of the act (a closed plan, an invalid
  // form, nobody on the team): they pass authorisation and change nothing either.
  { name: "workspace", method: "GET", path: () => "/administracion", expect: only("admin") },
  {
    name: "workspace: new plan page",
    method: "GET",
    path: () => "/administracion/planes/nuevo",
    expect: only("admin"),
  },
  {
    name: "workspace: plan page",
    method: "GET",
    path: (f) => `/administracion/planes/${f.closedPlanId}`,
    expect: only("admin"),
  },
  {
    name: "workspace: plan's commitments page",
    method: "GET",
    path: (f) => `/administracion/planes/${f.closedPlanId}/compromisos`,
    expect: only("admin"),
  },
  {
    name: "workspace: organisations",
    method: "GET",
    path: () => "/administracion/organizaciones",
    expect: only("admin"),
  },
  // ---- Invitations (docs/decisions/025) ----
  { name: "workspace: invitations", method: "GET", path: () => "/administracion/invitaciones", expect: only("admin") },
  {
    name: "workspace: invite (invalid name)",
    method: "POST",
    path: () => "/administracion/invitaciones",
    form: () => ({ intent: "invite", email: "matriz@example.pe", name: "x", role: "CITIZEN" }),
    expect: only("admin"),
  },
  {
    name: "workspace: revoke an invitation (unknown)",
    method: "POST",
    path: () => "/administracion/invitaciones",
    form: () => ({ intent: "revoke", id: "no-such-invitation" }),
    expect: only("admin"),
  },
  {
    name: "API: invite (invalid body)",
    method: "POST",
    path: () => "/api/v1/invitations",
    json: () => ({ email: "matriz@example.pe", name: "x", role: "CITIZEN" }),
    expect: only("admin"),
  },
  {
    name: "invitation link (unknown token)",
    method: "GET",
    path: () => `/invitacion/${BOGUS_TOKEN}`,
    expect: all("ok"),
  },
  {
    name: "invitation: accept (unknown token)",
    method: "POST",
    path: () => `/invitacion/${BOGUS_TOKEN}`,
    form: () => ({ name: "Persona", password: "una frase larga", passwordConfirm: "una frase larga", consent: "on" }),
    expect: all("ok"),
  },
  {
    name: "workspace: new organisation page",
    method: "GET",
    path: () => "/administracion/organizaciones/nueva",
    expect: only("admin"),
  },
  {
    name: "workspace: organisation page",
    method: "GET",
    path: (f) => `/administracion/organizaciones/${f.organizationId}`,
    expect: only("admin"),
  },
  {
    name: "workspace: create a plan (invalid form)",
    method: "POST",
    path: () => "/administracion/planes/nuevo",
    form: () => ({ name: "x", periodStart: "2031", periodEnd: "2030", scope: "NATIONAL" }),
    expect: only("admin"),
  },
  {
    name: "workspace: edit a plan (invalid form)",
    method: "POST",
    path: (f) => `/administracion/planes/${f.closedPlanId}`,
    form: () => ({ intent: "details", name: "x", periodStart: "2017", periodEnd: "2019", scope: "NATIONAL" }),
    expect: only("admin"),
  },
  {
    name: "workspace: move a closed plan back to proposals",
    method: "POST",
    path: (f) => `/administracion/planes/${f.closedPlanId}`,
    form: () => ({ intent: "stage", stage: "PROPOSALS" }),
    expect: only("admin"),
  },
  {
    name: "workspace: a plan's calendar (ends before it starts)",
    method: "POST",
    path: (f) => `/administracion/planes/${f.closedPlanId}`,
    form: () => ({
      intent: "calendar",
      "calendar.PROPOSALS.start": "2031-03-01",
      "calendar.PROPOSALS.end": "2031-02-01",
    }),
    expect: only("admin"),
  },
  {
    name: "workspace: open participation on a closed plan",
    method: "POST",
    path: (f) => `/administracion/planes/${f.closedPlanId}`,
    form: () => ({ intent: "window", opensAt: "2031-01-01T09:00", closesAt: "2031-02-01T18:00" }),
    expect: only("admin"),
  },
  {
    name: "workspace: clear a window that is not there",
    method: "POST",
    path: (f) => `/administracion/planes/${f.closedPlanId}`,
    form: () => ({ intent: "window-clear" }),
    expect: only("admin"),
  },
  {
    name: "workspace: a commitment in a closed plan",
    method: "POST",
    path: (f) => `/administracion/planes/${f.closedPlanId}/compromisos`,
    form: () => ({ title: "Compromiso de la matriz" }),
    expect: only("admin"),
  },
  {
    name: "workspace: register an organisation (invalid form)",
    method: "POST",
    path: () => "/administracion/organizaciones/nueva",
    form: () => ({ name: "", kind: "INSTITUTION", sector: "ACADEMIA" }),
    expect: only("admin"),
  },
  {
    name: "workspace: edit an organisation (invalid form)",
    method: "POST",
    path: (f) => `/administracion/organizaciones/${f.organizationId}`,
    form: () => ({ name: "", kind: "ORGANIZATION", sector: "CIVIL_SOCIETY" }),
    expect: only("admin"),
  },
  {
    name: "drafting team: change a role",
    method: "POST",
    path: (f) => `/compromisos/${f.commitmentForVersions}/equipo`,
    form: () => ({ intent: "team-role", userId: "nobody-on-the-team", role: "MEMBER" }),
    expect: only("admin"),
  },
  {
    name: "API: create a plan (invalid body)",
    method: "POST",
    path: () => "/api/v1/plans",
    json: () => ({ name: "x", period: { start: 2031, end: 2032 }, scope: "NATIONAL" }),
    expect: only("admin"),
  },
  {
    name: "API: move a closed plan back to proposals",
    method: "PATCH",
    path: (f) => `/api/v1/plans/${f.closedPlanId}`,
    json: () => ({ stage: "PROPOSALS" }),
    expect: only("admin"),
  },
  {
    name: "API: a plan's commitments",
    method: "GET",
    path: (f) => `/api/v1/plans/${f.closedPlanId}/commitments`,
    expect: all("ok"),
  },
  {
    name: "API: a commitment in a closed plan",
    method: "POST",
    path: (f) => `/api/v1/plans/${f.closedPlanId}/commitments`,
    json: () => ({ title: "Compromiso de la matriz" }),
    expect: only("admin"),
  },
  {
    name: "API: a drafting team",
    method: "GET",
    path: (f) => `/api/v1/commitments/${f.commitmentForVersions}/team`,
    expect: all("ok"),
  },
  {
    name: "API: someone not on a drafting team",
    method: "GET",
    path: (f) => `/api/v1/commitments/${f.commitmentForVersions}/team/nobody-on-the-team`,
    expect: all("ok"),
  },
  {
    name: "API: put someone unknown on a team",
    method: "PUT",
    path: (f) => `/api/v1/commitments/${f.commitmentForVersions}/team/nobody-on-the-team`,
    json: () => ({ role: "MEMBER" }),
    expect: only("admin"),
  },
  {
    name: "API: take someone not on a team off it",
    method: "DELETE",
    path: (f) => `/api/v1/commitments/${f.commitmentForVersions}/team/nobody-on-the-team`,
    expect: only("admin"),
  },

  // ---- Second factor (docs/decisions/023) ----
  // The login's second step serves a PENDING session only (none of the matrix's people has one:
  // the demo administrator is exempt in demo mode): anonymous visitors go to the login page,
  // logged-in people home.
  { name: "second factor step", method: "GET", path: () => "/ingresar/segundo-factor", expect: pendingOnly },
  ...(["code", "recovery", "enrol"] as const).map((intent): RouteCase => ({
    name: `second factor step: ${intent}`,
    method: "POST",
    path: () => "/ingresar/segundo-factor",
    form: () => ({ intent, code: "000000", recoveryCode: "aaaa-bbbb-cccc-dddd" }),
    expect: pendingOnly,
  })),
  ...(["totp-start", "totp-cancel", "totp-enrol", "totp-new-codes", "totp-off"] as const).map((intent): RouteCase => ({
    name: `account: second factor ${intent}`,
    method: "POST",
    path: () => "/cuenta",
    form: () => ({ intent, code: "000000" }),
    expect: loggedIn,
  })),
  { name: "second factor reset", method: "GET", path: () => "/administracion/segundo-factor", expect: only("admin") },
  {
    name: "second factor reset: unknown person",
    method: "POST",
    path: () => "/administracion/segundo-factor",
    form: () => ({ email: "nadie@example.pe", reason: "Perdió su teléfono y sus códigos" }),
    expect: only("admin"),
  },
];

// The live side: every kind of collaboration room, joined as each role with the stock y-websocket
// provider. "write": an edit is stored and relayed; "read": the document syncs, edits are dropped
// and nothing is stored (checked against the table digest). Add a room kind: one row.

export type LiveFixtures = { draftCommitmentId: string; approvedCommitmentId: string; forumSessionId: string };
export type LiveCase = {
  name: string;
  room: (f: LiveFixtures) => string;
  /** Writes one edit into the room's document. */
  edit: (doc: Y.Doc, marker: string) => void;
  expect: Record<Role, "write" | "read">;
};

const readOnly: Record<Role, "write" | "read"> = {
  anonymous: "read",
  citizen: "read",
  orgMember: "read",
  publicServant: "read",
  forumMember: "read",
  admin: "read",
};

export const LIVE_ROOMS: LiveCase[] = [
  {
    // The demo team: the public servant and the civil-society co-lead (foro@minka.pe).
    name: "draft commitment (drafting team and secretariat write)",
    room: (f) => `commitment/${f.draftCommitmentId}`,
    edit: (doc, marker) => doc.getMap("fields").set("contactName", marker),
    expect: { ...readOnly, publicServant: "write", forumMember: "write", admin: "write" },
  },
  {
    name: "approved commitment (frozen for everyone)",
    room: (f) => `commitment/${f.approvedCommitmentId}`,
    edit: (doc, marker) => doc.getMap("fields").set("contactName", marker),
    expect: readOnly,
  },
  {
    name: "forum session minutes (forum members and secretariat write)",
    room: (f) => `session/${f.forumSessionId}`,
    edit: (doc, marker) => doc.getText("minutes").insert(0, marker),
    expect: { ...readOnly, forumMember: "write", admin: "write" },
  },
];

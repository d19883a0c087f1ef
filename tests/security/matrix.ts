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
// authorization.test.ts and csrf.test.ts (every POST row, with a foreign and a missing Origin)
// picks them up.

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
};

export type RouteCase = {
  name: string;
  method: "GET" | "POST";
  path: (f: Fixtures) => string;
  form?: (f: Fixtures) => Record<string, string>;
  /** The request ends the session it is sent with: send it with a throwaway session. */
  endsSession?: boolean;
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

  // The secretariat and drafting teams.
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
    expect: only("publicServant", "admin"),
  },
  {
    name: "named version",
    method: "POST",
    path: (f) => `/compromisos/${f.commitmentForVersions}/historial`,
    form: () => ({ intent: "create-version", name: "Versión de la matriz" }),
    expect: only("publicServant", "admin"),
  },
  {
    name: "restore version",
    method: "POST",
    path: (f) => `/compromisos/${f.commitmentForVersions}/historial/${f.versionId}`,
    form: () => ({ intent: "restore" }),
    expect: only("publicServant", "admin"),
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
    name: "draft commitment (drafting team and secretariat write)",
    room: (f) => `commitment/${f.draftCommitmentId}`,
    edit: (doc, marker) => doc.getMap("fields").set("contactName", marker),
    expect: { ...readOnly, publicServant: "write", admin: "write" },
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

import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyLedger } from "../../app/record/ledger.server.ts";
import { createPrismaClient, prepareDatabase } from "~/utils/db.server.ts";
import { login, postForm } from "../support/http.ts";
import { startServer, type RunningServer } from "../support/server.ts";

// Monitoring over HTTP against the real server and its demo data: progress reports with uploads
// (types, sizes, names, headers), who may report, good practices' review, open data and the API,
// and 200 concurrent acts that leave one verifying chain.

let server: RunningServer;
const C1 = "demo-2027-2028-c1";
const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n", "latin1");

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

async function ledgerCount(): Promise<number> {
  const body = (await (await fetch(`${server.url}/api/v1/ledger?after=0&limit=1`)).json()) as {
    head: { seq: number } | null;
  };
  return body.head?.seq ?? 0;
}

function reportForm(fields: Record<string, string>, files: { name: string; bytes: Buffer; type?: string }[] = []) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files)
    form.append(
      "evidence",
      new Blob([new Uint8Array(f.bytes)], { type: f.type ?? "application/octet-stream" }),
      f.name,
    );
  return form;
}

function postMultipart(path: string, form: FormData, cookie: string) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { Origin: server.origin, Cookie: cookie },
  });
}

/** The status answered to a post that declares a body of `length` bytes (and sends none of it). */
function declaredLengthStatus(path: string, length: number, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${server.url}${path}`, {
      method: "POST",
      headers: {
        Origin: server.origin,
        Cookie: cookie,
        "Content-Type": "multipart/form-data; boundary=x",
        "Content-Length": String(length),
      },
    });
    request.on("response", (response) => {
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    request.on("error", reject);
    request.flushHeaders();
  });
}

const validFields = {
  period: "2027-S2",
  completion: "SUBSTANTIAL",
  narrative: "Se publicó el conjunto de datos en el portal de la entidad.",
};

describe("demo data", () => {
  it("puts every demo report and published practice in the record, and the record verifies", async () => {
    const page = (await (await fetch(`${server.url}/api/v1/ledger?after=0&limit=500`)).json()) as {
      data: { kind: string; commitmentId: string | null }[];
    };
    const kinds = page.data.map((e) => e.kind);
    expect(kinds.filter((k) => k === "progress.reported")).toHaveLength(4);
    expect(kinds.filter((k) => k === "practice.published")).toHaveLength(2);
    expect(page.data.filter((e) => e.kind === "progress.reported").every((e) => e.commitmentId)).toBe(true);
    const client = createPrismaClient(server.databaseUrl);
    try {
      await prepareDatabase(client);
      expect(await verifyLedger(client)).toMatchObject({ ok: true, count: page.data.length });
    } finally {
      await client.$disconnect();
    }
  });
});

describe("progress reports over HTTP", () => {
  it("only the institution's people and civil society may report; others are refused and nothing changes", async () => {
    const path = `/compromisos/${C1}/avances/nuevo`;
    const anonymous = await fetch(`${server.url}${path}`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toContain("/ingresar");
    const citizen = await login(server, "ciudadana@minka.pe");
    expect((await fetch(`${server.url}${path}`, { headers: { Cookie: citizen } })).status).toBe(403);
    const before = await ledgerCount();
    expect((await postMultipart(path, reportForm(validFields), citizen)).status).toBe(403);
    expect(await ledgerCount()).toBe(before);
    const servant = await login(server, "servidor@minka.pe");
    expect((await fetch(`${server.url}${path}`, { headers: { Cookie: servant } })).status).toBe(200);
    expect(
      (await fetch(`${server.url}/compromisos/no-such/avances/nuevo`, { headers: { Cookie: servant } })).status,
    ).toBe(404);
  });

  it("refuses a wrong type and an oversized file with the form shown again, and keeps the input", async () => {
    const servant = await login(server, "servidor@minka.pe");
    const path = `/compromisos/${C1}/avances/nuevo`;
    const before = await ledgerCount();
    const html = Buffer.from("<html><script>alert(1)</script></html>");
    const wrongType = await postMultipart(
      path,
      reportForm(validFields, [{ name: "informe.pdf", bytes: html, type: "application/pdf" }]),
      servant,
    );
    expect(wrongType.status).toBe(400);
    const page = await wrongType.text();
    expect(page).toContain("no es de un tipo aceptado");
    expect(page).toContain(validFields.narrative);

    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await postMultipart(path, reportForm(validFields, [{ name: "grande.pdf", bytes: big }]), servant);
    expect(tooBig.status).toBe(400);
    expect(await tooBig.text()).toContain("supera el tamaño máximo");

    // A body larger than any upload form accepts is refused before it is read.
    expect(await declaredLengthStatus(path, 17 * 1024 * 1024, servant)).toBe(413);

    const missing = await postForm(
      server,
      path,
      { period: "2027-S2", completion: "", narrative: "corto" },
      { cookie: servant },
    );
    expect(missing.status).toBe(400);
    const missingPage = await missing.text();
    expect(missingPage).toContain("Elige un nivel de cumplimiento.");
    expect(missingPage).toContain("Escribe al menos 20 caracteres.");
    expect(await ledgerCount()).toBe(before);
  });

  it("stores an evidence file under a sanitised name and serves it as a safe download", async () => {
    const servant = await login(server, "servidor@minka.pe");
    const response = await postMultipart(
      `/compromisos/${C1}/avances/nuevo`,
      reportForm({ ...validFields, links: "https://www.gob.pe/segdi" }, [
        { name: "../../<script>acta final.pdf.exe", bytes: PDF, type: "text/html" },
      ]),
      servant,
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toContain(`/compromisos/${C1}/avances?registrado=1`);
    const page = await (await fetch(`${server.url}/compromisos/${C1}/avances`)).text();
    expect(page).toContain("https://www.gob.pe/segdi");
    const links = [...page.matchAll(/href="(\/evidencias\/[^"]+)"[^>]*>([^<]+)</g)];
    const ours = links.find(([, , name]) => name!.includes("acta final"));
    expect(ours?.[2]).toBe("script_acta final_pdf.pdf");
    const file = await fetch(`${server.url}${ours![1]}`);
    expect(file.status).toBe(200);
    expect(file.headers.get("Content-Type")).toBe("application/pdf");
    expect(file.headers.get("Content-Disposition")).toMatch(/^attachment; filename="script_acta final_pdf\.pdf"/);
    expect(file.headers.get("X-Content-Type-Options")).toContain("nosniff");
    expect(file.headers.get("Content-Security-Policy")).toContain("default-src 'none'; sandbox");
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await fetch(`${server.url}/evidencias/no-such`)).status).toBe(404);
  });

  it("civil society's assessment is shown beside the institution's report", async () => {
    const foro = await login(server, "foro@minka.pe");
    const response = await postForm(
      server,
      `/compromisos/${C1}/avances/nuevo`,
      {
        period: "2027-S2",
        completion: "LIMITED",
        narrative: "Desde la sociedad civil vemos un avance todavía limitado.",
      },
      { cookie: foro },
    );
    expect(response.status).toBe(302);
    const page = await (await fetch(`${server.url}/compromisos/${C1}/avances`)).text();
    expect(page).toContain("Evaluación de la sociedad civil");
    expect(page).toContain("Desde la sociedad civil vemos un avance todavía limitado.");
    expect(page).toContain("Reporte de la institución responsable");
  });

  it("200 concurrent reports through the server leave one unbroken chain", async () => {
    const servant = await login(server, "servidor@minka.pe");
    const before = await ledgerCount();
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        postForm(
          server,
          `/compromisos/demo-2027-2028-c2/avances/nuevo`,
          { period: "2027-S2", completion: "LIMITED", narrative: `Reporte concurrente número ${i} del periodo.` },
          { cookie: servant },
        ),
      ),
    );
    expect(responses.map((r) => r.status).filter((s) => s !== 302)).toEqual([]);
    expect(await ledgerCount()).toBe(before + 200);
    const client = createPrismaClient(server.databaseUrl);
    try {
      await prepareDatabase(client);
      expect(await verifyLedger(client)).toMatchObject({ ok: true, count: before + 200 });
    } finally {
      await client.$disconnect();
    }
  });
});

describe("good practices over HTTP", () => {
  it("anyone logged in submits; only reviewers publish; publishing is recorded", async () => {
    const citizen = await login(server, "ciudadana@minka.pe");
    const fields = {
      title: "Mesa de diálogo abierta en un distrito",
      entity: "Municipalidad de prueba",
      territoryId: "13",
      theme: "Participación ciudadana",
      whatWasDone: "Se abrieron mesas de diálogo mensuales con actas públicas.",
      results: "Más vecinas y vecinos participan y conocen los acuerdos.",
    };
    const bad = await postForm(
      server,
      "/buenas-practicas/nueva",
      { ...fields, territoryId: "nowhere" },
      { cookie: citizen },
    );
    expect(bad.status).toBe(400);
    const script = Buffer.from("#!/bin/sh\nrm -rf /\n");
    const wrongFile = await postMultipart(
      "/buenas-practicas/nueva",
      reportForm(fields, [{ name: "acta.pdf", bytes: script, type: "application/pdf" }]),
      citizen,
    );
    expect(wrongFile.status).toBe(400);
    const wrongPage = await wrongFile.text();
    expect(wrongPage).toContain("no es de un tipo aceptado");
    expect(wrongPage).toContain(fields.whatWasDone);
    const withFile = await postMultipart(
      "/buenas-practicas/nueva",
      reportForm({ ...fields, title: "Mesa de diálogo con acta adjunta" }, [{ name: "acta mesa.pdf", bytes: PDF }]),
      citizen,
    );
    expect(withFile.status).toBe(302);
    const withFilePage = await (
      await fetch(`${server.url}${withFile.headers.get("Location")!.split("?")[0]}`, { headers: { Cookie: citizen } })
    ).text();
    const fileLink = /href="(\/evidencias\/[^"]+)"[^>]*>acta mesa\.pdf</.exec(withFilePage);
    expect(fileLink).not.toBeNull();
    expect((await fetch(`${server.url}${fileLink![1]}`)).headers.get("Content-Type")).toBe("application/pdf");
    const submitted = await postForm(server, "/buenas-practicas/nueva", fields, { cookie: citizen });
    expect(submitted.status).toBe(302);
    const path = submitted.headers.get("Location")!.split("?")[0]!;
    expect((await fetch(`${server.url}${path}`)).status).toBe(404);
    const before = await ledgerCount();
    expect((await postForm(server, path, { intent: "publish" }, { cookie: citizen })).status).toBe(403);
    expect((await postForm(server, path, { intent: "publish" })).status).toBe(302);
    expect(await ledgerCount()).toBe(before);
    const servant = await login(server, "servidor@minka.pe");
    expect((await postForm(server, path, { intent: "publish" }, { cookie: servant })).status).toBe(302);
    expect((await postForm(server, path, { intent: "publish" }, { cookie: servant })).status).toBe(400);
    expect(await ledgerCount()).toBe(before + 1);
    const list = await (
      await fetch(`${server.url}/buenas-practicas?territorio=13&q=${encodeURIComponent("mesas de diálogo")}`)
    ).text();
    expect(list).toContain(fields.title);
    const elsewhere = await (await fetch(`${server.url}/buenas-practicas?territorio=08`)).text();
    expect(elsewhere).not.toContain(fields.title);
  });
});

describe("open data and the API", () => {
  it("serves CSV and JSON downloads with the licence, and 404 for unknown datasets", async () => {
    const csv = await fetch(`${server.url}/datos/compromisos.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    expect(csv.headers.get("Content-Disposition")).toContain("attachment");
    const text = await csv.text();
    expect(text.replace(/^\uFEFF/, "").split("\r\n")[0]).toMatch(
      /^commitment_unique_identifier,country_locality,region,theme,/,
    );
    expect(text).toContain("PE0084");
    const json = (await (await fetch(`${server.url}/datos/compromisos.json`)).json()) as {
      license: { id: string };
      data: unknown[];
    };
    expect(json.license.id).toBe("CC-BY-4.0");
    expect(json.data.length).toBeGreaterThan(10);
    expect((await fetch(`${server.url}/datos/nada.csv`)).status).toBe(404);
    expect((await fetch(`${server.url}/datos/compromisos.xml`)).status).toBe(404);
    const page = await (await fetch(`${server.url}/datos`)).text();
    expect(page).toContain("CC BY 4.0");
  });

  it("pages through the record and answers bad parameters with 400", async () => {
    const first = (await (await fetch(`${server.url}/api/v1/ledger?after=0&limit=2`)).json()) as {
      data: { seq: number }[];
      next: string | null;
    };
    expect(first.data.map((e) => e.seq)).toEqual([1, 2]);
    expect(first.next).toBe("/api/v1/ledger?after=2&limit=2");
    const second = (await (await fetch(`${server.url}${first.next}`)).json()) as { data: { seq: number }[] };
    expect(second.data[0]!.seq).toBe(3);
    expect((await fetch(`${server.url}/api/v1/ledger?after=-1`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/ledger?limit=100000`)).status).toBe(400);
  });

  it("answers a plan's progress and 404 for an unknown plan", async () => {
    const progress = (await (await fetch(`${server.url}/api/v1/plans/paga-2012-2013/progress`)).json()) as {
      data: { declaredCompliance: number };
    };
    expect(progress.data.declaredCompliance).toBe(30);
    expect((await fetch(`${server.url}/api/v1/plans/no-such/progress`)).status).toBe(404);
  });
});

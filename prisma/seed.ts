// Demo and reference data for Minka. Run with `npx tsx prisma/seed.ts`, or call `seedDemo`.
//
// Everything about real plans, commitments and institutions comes from two sources only:
// SGP, «Gobierno Abierto en el Perú: avances y agenda futura» (July 2021), and the OGP / IRM /
// CEPAL pages collected in shared/domain/peru-commitments.json. Nothing there is guessed: where a
// source gives no Spanish title, the title stays null and the English one goes in `titleEn`.
// The demonstration plan, its commitments, the demo organisations and the demo accounts are
// fictional, and say so.
//
// Idempotent: every row is keyed on a stable id, slug or unique field. Reference data is
// refreshed on every run; demo content that people may edit in the app (the demo plan's phase,
// its commitments and their milestones, indicators and supporting actors) is only created when
// missing, so re-seeding never overwrites what someone did while trying Minka.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { PrismaClient } from "../app/generated/prisma/client.ts";
import type { IndicatorKind, PlanPhase, PlanScope, Sector } from "../app/generated/prisma/enums.ts";
import { CONSENT_PURPOSE, PRIVACY_POLICY_VERSION } from "../app/privacy.ts";
import { hashPassword } from "../app/utils/password.server.ts";
import { DEPARTMENTS } from "../app/administration/territories.server.ts";
import { seedMonitoring } from "./seed/monitoring.ts";
import { seedForum } from "./seed/forum.ts";
import { seedParticipation } from "./seed/participation.ts";

/** The password of every demo account. */
export const DEMO_PASSWORD = "minka-demo";

/** The demonstration plan's id. */
export const DEMO_PLAN_ID = "plan-demostracion-2027-2028";

const SOURCE_SGP_2021 = "SGP, «Gobierno Abierto en el Perú: avances y agenda futura» (PCM, 2021)";

/** A calendar date, stored at noon UTC so it reads as the same day in any time zone of the Americas. */
const day = (iso: string): Date => new Date(`${iso}T12:00:00.000Z`);

// ---------------------------------------------------------------------------------------------
// 1. Territories: Peru and its 25 departments (INEI ubigeo codes), the reference list in
// app/administration/territories.server.ts.

// ---------------------------------------------------------------------------------------------
// 2. Organisations.

type OrgSeed = {
  slug: string;
  name: string;
  acronym: string | null;
  kind: "INSTITUTION" | "ORGANIZATION";
  sector: Sector;
  territoryId: string;
  description: string;
};

const ORGANIZATIONS: readonly OrgSeed[] = [
  {
    slug: "sgp-pcm",
    name: "Secretaría de Gestión Pública",
    acronym: "SGP",
    kind: "INSTITUTION",
    sector: "PUBLIC_SECTOR",
    territoryId: "PE",
    description:
      "Secretaría de la Presidencia del Consejo de Ministros, ente rector de la Modernización de la Gestión Pública. Tiene a su cargo la materia de Gobierno Abierto: coordina y articula con las entidades, promueve sus principios y dirige el proceso de cocreación del Plan Nacional de Gobierno Abierto.",
  },
  {
    slug: "pcm",
    name: "Presidencia del Consejo de Ministros",
    acronym: "PCM",
    kind: "INSTITUTION",
    sector: "PUBLIC_SECTOR",
    territoryId: "PE",
    description:
      "De ella forma parte la Secretaría de Gestión Pública y depende el Foro Multiactor de Gobierno Abierto, comisión multisectorial permanente creada en 2019 con la aprobación del IV PAGA.",
  },
  {
    slug: "segdi",
    name: "Secretaría de Gobierno Digital",
    acronym: "SEGDI",
    kind: "INSTITUTION",
    sector: "PUBLIC_SECTOR",
    territoryId: "PE",
    description:
      "Creada en 2017, lidera los procesos de innovación tecnológica y de transformación digital del Estado. Es el ente rector del Sistema Nacional de Transformación Digital, administra las plataformas nacionales transversales y lidera la estrategia de datos abiertos y el Portal de Datos Abiertos.",
  },
  {
    slug: "antaip",
    name: "Autoridad Nacional de Transparencia y Acceso a la Información Pública",
    acronym: "ANTAIP",
    kind: "INSTITUTION",
    sector: "PUBLIC_SECTOR",
    territoryId: "PE",
    description:
      "Creada por el Decreto Legislativo N° 1353 (2017) para fortalecer el régimen de protección de datos y proponer y promover políticas en materia de transparencia y acceso a la información pública. En 2021 actualizó los lineamientos del Portal de Transparencia Estándar.",
  },
  {
    slug: "tribunal-transparencia",
    name: "Tribunal de Transparencia y Acceso a la Información Pública",
    acronym: null,
    kind: "INSTITUTION",
    sector: "PUBLIC_SECTOR",
    territoryId: "PE",
    description:
      "Creado por el Decreto Legislativo N° 1353 (2017), encargado de resolver controversias en materia de transparencia y acceso a la información pública.",
  },
  {
    slug: "sip",
    name: "Secretaría de Integridad Pública",
    acronym: "SIP",
    kind: "INSTITUTION",
    sector: "PUBLIC_SECTOR",
    territoryId: "PE",
    description:
      "Creada en 2017; sus funciones van desde proponer hasta evaluar las políticas, planes y estrategias en materia de integridad y ética pública, de manera coordinada y articulada.",
  },
  {
    slug: "contraloria",
    name: "Contraloría General de la República",
    acronym: null,
    kind: "INSTITUTION",
    sector: "PUBLIC_SECTOR",
    territoryId: "PE",
    description:
      "Incorporada a los Planes de Acción de Gobierno Abierto con el IV PAGA (2020-2021), en el que es la institución responsable del compromiso 1 (PE0084, según la OGP).",
  },
  {
    slug: "poder-judicial",
    name: "Poder Judicial",
    acronym: null,
    kind: "INSTITUTION",
    sector: "PUBLIC_SECTOR",
    territoryId: "PE",
    description:
      "Incorporado a los Planes de Acción de Gobierno Abierto con el IV PAGA (2020-2021), que incluyó la temática de justicia e involucró a otros poderes del Estado.",
  },
  {
    slug: "ministerio-relaciones-exteriores",
    name: "Ministerio de Relaciones Exteriores",
    acronym: null,
    kind: "INSTITUTION",
    sector: "PUBLIC_SECTOR",
    territoryId: "PE",
    description:
      "En 2011, en coordinación con la Secretaría de Gestión Pública, presentó la carta de intención del Perú para formar parte de la Alianza para el Gobierno Abierto (AGA).",
  },
  {
    slug: "gobierno-regional-la-libertad",
    name: "Gobierno Regional de La Libertad",
    acronym: "GRLL",
    kind: "INSTITUTION",
    sector: "PUBLIC_SECTOR",
    territoryId: "13",
    description:
      "Seleccionado en 2016, junto con otros 14 gobiernos regionales y locales del mundo, para el Programa Piloto de la AGA 2016-2017. Luego se convirtió en miembro pleno de la AGA y se comprometió a co-crear un nuevo PAGA para el periodo 2018-2020.",
  },
  {
    slug: "minedu",
    name: "Ministerio de Educación",
    acronym: "MINEDU",
    kind: "INSTITUTION",
    sector: "PUBLIC_SECTOR",
    territoryId: "PE",
    description:
      "Institución responsable del compromiso 8 del IV PAGA (PE0091), sobre la plataforma de información escolar Identicole; según el Mecanismo de Revisión Independiente (IRM), el único compromiso del plan con resultados tempranos sobresalientes.",
  },
  // Fictional organisations, one per non-public sector, so the Foro Multiactor's four sectors exist.
  {
    slug: "demo-colectivo-ciudadano",
    name: "Colectivo Ciudadano Demo (organización ficticia)",
    acronym: null,
    kind: "ORGANIZATION",
    sector: "CIVIL_SOCIETY",
    territoryId: "PE",
    description: "Organización ficticia de la sociedad civil, creada solo para la demostración de Minka.",
  },
  {
    slug: "demo-camara-empresarial",
    name: "Cámara Empresarial Demo (ficticia)",
    acronym: null,
    kind: "ORGANIZATION",
    sector: "PRIVATE_SECTOR",
    territoryId: "PE",
    description: "Gremio empresarial ficticio, creado solo para la demostración de Minka.",
  },
  {
    slug: "demo-universidad",
    name: "Universidad Demo (ficticia)",
    acronym: null,
    kind: "ORGANIZATION",
    sector: "ACADEMIA",
    territoryId: "PE",
    description: "Universidad ficticia, creada solo para la demostración de Minka.",
  },
];

// ---------------------------------------------------------------------------------------------
// 3. Plans.

type PlanSeed = {
  id: string;
  name: string;
  ordinal: string | null;
  periodStart: number;
  periodEnd: number;
  scope: PlanScope;
  territoryId: string;
  phase: PlanPhase;
  summary: string;
  approvedBy: string | null;
  declaredCommitmentCount: number | null;
  declaredCompliance: number | null;
  sourceNote: string;
  themes: readonly string[];
};

const PLANS: readonly PlanSeed[] = [
  {
    id: "paga-2012-2013",
    name: "Plan de Acción de Gobierno Abierto 2012-2013",
    ordinal: "I",
    periodStart: 2012,
    periodEnd: 2013,
    scope: "NATIONAL",
    territoryId: "PE",
    phase: "CLOSED",
    summary:
      "Primer Plan de Acción de Gobierno Abierto, aprobado en 2012, que permitió la incorporación del Perú a la Alianza para el Gobierno Abierto (AGA).",
    approvedBy: null,
    declaredCommitmentCount: 47,
    declaredCompliance: 30,
    sourceNote: `Fuente: ${SOURCE_SGP_2021}: temas, número de compromisos y nivel de cumplimiento (Fuente: SGP). No se cargaron los compromisos: sus títulos no figuran en las fuentes consultadas.`,
    themes: [
      "Transparencia y acceso a la información pública",
      "Integridad pública",
      "Participación ciudadana",
      "Gobierno electrónico y mejora de los servicios públicos",
    ],
  },
  {
    id: "paga-2015-2016",
    name: "Plan de Acción de Gobierno Abierto 2015-2016",
    ordinal: "II",
    periodStart: 2015,
    periodEnd: 2016,
    scope: "NATIONAL",
    territoryId: "PE",
    phase: "CLOSED",
    summary:
      "Segundo PAGA. A partir de este plan la cantidad de compromisos se redujo, a fin de priorizar la implementación de aquellos de mayor impacto en la administración pública y en la ciudadanía.",
    approvedBy: null,
    declaredCommitmentCount: 17,
    declaredCompliance: 47,
    sourceNote: `Fuente: ${SOURCE_SGP_2021}: temas, número de compromisos y nivel de cumplimiento (Fuente: SGP). No se cargaron los compromisos: sus títulos no figuran en las fuentes consultadas.`,
    themes: [
      "Transparencia y acceso a la información pública",
      "Participación ciudadana",
      "Rendición de cuentas",
      "Mejora de servicios públicos",
    ],
  },
  {
    id: "paga-2017-2019",
    name: "Plan de Acción de Gobierno Abierto 2017-2019",
    ordinal: "III",
    periodStart: 2017,
    periodEnd: 2019,
    scope: "NATIONAL",
    territoryId: "PE",
    phase: "CLOSED",
    summary:
      "Tercer PAGA, co-creado con una metodología que incrementó la participación de la sociedad civil y planteó los compromisos en función a ejes temáticos.",
    approvedBy: null,
    declaredCommitmentCount: 18,
    declaredCompliance: 67,
    sourceNote: `Fuente: ${SOURCE_SGP_2021}: temas, número de compromisos y nivel de cumplimiento (Fuente: SGP). No se cargaron los compromisos: sus títulos no figuran en las fuentes consultadas.`,
    themes: ["Salud", "Educación", "Ambiente", "Infraestructura", "Saneamiento", "Seguridad ciudadana"],
  },
  {
    id: "paga-2020-2021",
    name: "Plan de Acción de Gobierno Abierto 2020-2021",
    ordinal: "IV",
    periodStart: 2020,
    periodEnd: 2021,
    scope: "NATIONAL",
    territoryId: "PE",
    phase: "CLOSED",
    summary:
      "Cuarto PAGA, «Rumbo al Bicentenario». Incluyó temáticas como contratación pública, calidad regulatoria y justicia, e incorporó a la Contraloría General de la República y al Poder Judicial. Con su aprobación se creó el Foro Multiactor de Gobierno Abierto.",
    approvedBy:
      "Decreto Supremo N° 206-2019-PCM (El Peruano, 2 de enero de 2020), que aprueba el IV Plan de Acción de Gobierno Abierto Rumbo al Bicentenario 2020-2021",
    declaredCommitmentCount: 21,
    declaredCompliance: null,
    sourceNote: `Temas y número de compromisos: ${SOURCE_SGP_2021}; la SGP no publica su nivel de cumplimiento. Compromisos 1 a 19 (identificador, título en inglés, área de política): OGP, página del Perú («Action Plan 4»), e IRM, informe de resultados 2019-2022. Los compromisos 20 y 21 no tienen título en las fuentes consultadas y no se cargaron.`,
    themes: [
      "Salud",
      "Educación",
      "Ambiente e industrias extractivas",
      "Infraestructura",
      "Seguridad ciudadana",
      "Contrataciones públicas",
      "Justicia",
      "Calidad regulatoria",
      "Programas sociales",
    ],
  },
  {
    id: "paga-2023-2025",
    name: "Plan de Acción de Gobierno Abierto 2023-2025",
    ordinal: "V",
    periodStart: 2023,
    periodEnd: 2025,
    scope: "NATIONAL",
    territoryId: "PE",
    phase: "CLOSED",
    summary:
      "Quinto plan de acción: 13 compromisos de los tres poderes del Estado en cinco áreas temáticas (ambiente, salud, educación, justicia y parlamento abierto), con la primera participación del Congreso.",
    approvedBy: null,
    declaredCommitmentCount: 13,
    declaredCompliance: null,
    sourceNote:
      "Fuentes: OGP («Action Plan 5», 2023-2025, 13 compromisos) e IRM, revisión del plan de acción 2023-2025. Títulos de los compromisos 1 a 3, solo en inglés: CEPAL, Observatorio Regional de Planificación, que registra el plan como 2023-2024. Los demás compromisos no figuran en las fuentes consultadas.",
    themes: ["Ambiente", "Salud", "Educación", "Justicia", "Parlamento abierto"],
  },
  {
    id: "plan-estado-abierto-2026-2027",
    name: "Plan de Acción de Estado Abierto 2026-2027",
    ordinal: "VI",
    periodStart: 2026,
    periodEnd: 2027,
    scope: "NATIONAL",
    territoryId: "PE",
    phase: "IMPLEMENTATION",
    summary: "Sexto plan de acción, ya como Plan de Acción de Estado Abierto, con 11 compromisos nacionales.",
    approvedBy: "Decreto Supremo N° 151-2025-PCM",
    declaredCommitmentCount: 11,
    declaredCompliance: null,
    sourceNote:
      "Fuente: agencia Andina (vía notiperu.com.pe), 2 de enero de 2026. Los compromisos aún no se han cargado en Minka.",
    themes: [],
  },
  {
    id: "la-libertad-2016-2017",
    name: "Plan de Acción de Gobierno Abierto de La Libertad 2016-2017",
    ordinal: null,
    periodStart: 2016,
    periodEnd: 2017,
    scope: "REGIONAL",
    territoryId: "13",
    phase: "CLOSED",
    summary:
      "Primer plan del Gobierno Regional de La Libertad, elaborado en el Programa Piloto de la AGA 2016-2017 con iniciativas presentadas en alianza con la sociedad civil; recibió un amplio respaldo de la sociedad civil.",
    approvedBy: null,
    declaredCommitmentCount: null,
    declaredCompliance: null,
    sourceNote: `Fuentes: ${SOURCE_SGP_2021}; OGP, programa piloto subnacional 2016-2017. No se encontraron el número ni los títulos de los compromisos.`,
    themes: [],
  },
  {
    id: "la-libertad-2018-2020",
    name: "Plan de Acción de Gobierno Abierto de La Libertad 2018-2020",
    ordinal: null,
    periodStart: 2018,
    periodEnd: 2020,
    scope: "REGIONAL",
    territoryId: "13",
    phase: "CLOSED",
    summary:
      "Plan co-creado por el Gobierno Regional de La Libertad como miembro pleno de la AGA (AGA Local), centrado en la plataforma de participación ciudadana «Decide La Libertad».",
    approvedBy: null,
    declaredCommitmentCount: 6,
    declaredCompliance: null,
    sourceNote:
      "Fuente: IRM, informe de diseño 2018-2020 (6 compromisos, 2 potencialmente estelares; foro multiactor existente; nivel de influencia pública: consulta; no se publicó una respuesta razonada). No se encontraron los títulos de los compromisos.",
    themes: [],
  },
];

// ---------------------------------------------------------------------------------------------
// 4. Sourced commitments (no Spanish title is sourced for any of them: `title` stays null).

type SourcedCommitment = {
  number: number;
  ogpId: string | null;
  titleEn: string;
  policyArea: string | null;
  leadSlug: string | null;
  earlyResults: string | null;
  summary: string | null;
  sourceUrl: string;
};

const OGP_PERU = "https://www.opengovpartnership.org/members/Peru/";

// IV plan: OGP's own English titles (typos included) and OGP policy-area tags; summaries translated.
const PAGA_2020_2021: readonly SourcedCommitment[] = [
  {
    number: 1,
    ogpId: "PE0084",
    titleEn: "Social Oversight of Public Works",
    policyArea: "Anti-Corruption",
    leadSlug: "contraloria",
    earlyResults: "Did not achieve results",
    summary:
      "Control social de obras públicas liderado por la Contraloría. La página de la OGP indica como actores de apoyo al OSCE (interoperabilidad SEACE-INFObras), al MEF (seguimiento de inversiones e interoperabilidad con el SIAF) y a la SGP-PCM (seguimiento y comunicación). IRM: señalado como prometedor en su diseño, pero no logró resultados de gobierno abierto.",
    sourceUrl: OGP_PERU,
  },
  {
    number: 2,
    ogpId: "PE0085",
    titleEn: "Promote Online Information on Infrastructure",
    policyArea: "Infrastructure & Transport",
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl: OGP_PERU,
  },
  {
    number: 3,
    ogpId: "PE0086",
    titleEn: "Implement Digital Contrator Work Logs",
    policyArea: "Anti-Corruption",
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl: OGP_PERU,
  },
  {
    number: 4,
    ogpId: "PE0087",
    titleEn: "Implement a Contracting Open Data Portal",
    policyArea: "Anti-Corruption",
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl: OGP_PERU,
  },
  {
    number: 5,
    ogpId: "PE0088",
    titleEn: "Enabling Citizens to Submit Health Complaints Online",
    policyArea: "Public Service Delivery",
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl: OGP_PERU,
  },
  {
    number: 6,
    ogpId: "PE0089",
    titleEn: "Expand Access to Health Insurance",
    policyArea: "Public Service Delivery",
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl: OGP_PERU,
  },
  {
    number: 7,
    ogpId: "PE0090",
    titleEn: "Geospatial Data on Nearby Health Services",
    policyArea: "Public Service Delivery",
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl: OGP_PERU,
  },
  {
    number: 8,
    ogpId: "PE0091",
    titleEn: 'Strengthen the Online Education "Identicole" Platform',
    policyArea: "Public Service Delivery",
    leadSlug: "minedu",
    earlyResults: "Outstanding",
    summary:
      "Fortalecimiento del portal de información escolar Identicole del MINEDU. Según el IRM, el único compromiso del plan con resultados tempranos sobresalientes: cumple el valor de rendición de cuentas y hace la información más accesible, en particular para las personas en situación de vulnerabilidad.",
    sourceUrl: OGP_PERU,
  },
  {
    number: 9,
    ogpId: "PE0092",
    titleEn: "Dislose University Data Online",
    policyArea: "Public Service Delivery",
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl: OGP_PERU,
  },
  {
    number: 10,
    ogpId: "PE0093",
    titleEn: "Interoperability of Environmental Data Disclosures",
    policyArea: "Environment and Climate",
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl: OGP_PERU,
  },
  {
    number: 11,
    ogpId: "PE0094",
    titleEn: "Virtual Platform on Socio-Environmental Conflicts",
    policyArea: "Environment and Climate",
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl: OGP_PERU,
  },
  {
    number: 12,
    ogpId: "PE0095",
    titleEn: "Regional Web Platforms on Extractive Industry Activities",
    policyArea: "Anti-Corruption",
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl: OGP_PERU,
  },
  {
    number: 13,
    ogpId: "PE0096",
    titleEn: "Improve Citizen Access to Socio-Economic Classifications",
    policyArea: "Public Service Delivery",
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl: OGP_PERU,
  },
  {
    number: 14,
    ogpId: "PE0097",
    titleEn: "Multilingual Call Operators for Police Services",
    policyArea: "Public Service Delivery",
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl: OGP_PERU,
  },
  {
    number: 15,
    ogpId: "PE0098",
    titleEn: "Enable Digital Police Reports and Services",
    policyArea: "Public Service Delivery",
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl: OGP_PERU,
  },
  {
    number: 16,
    ogpId: "PE0099",
    titleEn: "Citizen Security Open Data",
    policyArea: "Justice",
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl: OGP_PERU,
  },
  {
    number: 17,
    ogpId: "PE0100",
    titleEn: "Awareness-Raising and Dialogue with Citizens on Justice",
    policyArea: "Justice",
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl: OGP_PERU,
  },
  {
    number: 18,
    ogpId: "PE0101",
    titleEn: "Strengthen the National Register of Lawyers Sanctioned for Poor Professional Practices",
    policyArea: "Justice",
    leadSlug: null,
    earlyResults: "Did not achieve results",
    summary:
      "IRM: señalado como prometedor en su diseño, pero no logró resultados de gobierno abierto porque ninguna actividad se vinculó específicamente con los valores de la OGP.",
    sourceUrl: OGP_PERU,
  },
  {
    number: 19,
    ogpId: "PE0102",
    titleEn: "Consult Citizens Earlier on Regulations",
    policyArea: "Public Participation",
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl: OGP_PERU,
  },
];

/** Supporting actors of IV-plan commitment 1, as the OGP commitment page lists them. */
const PAGA_2020_2021_C1_SUPPORT = [
  {
    id: "paga-2020-2021-01-apoyo-1",
    name: "Organismo Supervisor de las Contrataciones del Estado (OSCE)",
    slug: null,
    role: "Interoperabilidad SEACE-INFObras",
  },
  {
    id: "paga-2020-2021-01-apoyo-2",
    name: "Ministerio de Economía y Finanzas (MEF)",
    slug: null,
    role: "Seguimiento de inversiones e interoperabilidad con el SIAF",
  },
  {
    id: "paga-2020-2021-01-apoyo-3",
    name: "Secretaría de Gestión Pública (SGP-PCM)",
    slug: "sgp-pcm",
    role: "Seguimiento y comunicación",
  },
] as const;

const PAGA_2023_2025: readonly SourcedCommitment[] = [
  {
    number: 1,
    ogpId: null,
    titleEn:
      "Review and improve the regulatory framework of the National Environmental Impact Assessment System (SEIA) in relation to the application of citizen participation mechanisms",
    policyArea: null,
    leadSlug: null,
    earlyResults: null,
    summary:
      "Mejorar el marco normativo de los mecanismos de participación ciudadana que fortalecen la evaluación ambiental de los proyectos de inversión.",
    sourceUrl:
      "https://observatorioplanificacion.cepal.org/en/plans/fifth-national-open-government-plan-peru-2023-2024",
  },
  {
    number: 2,
    ogpId: null,
    titleEn:
      "Strengthen the digital platform of the National Environmental Information System (SINIA), with the incorporation of information from MINAM and its affiliated public agencies",
    policyArea: null,
    leadSlug: null,
    earlyResults: null,
    summary: null,
    sourceUrl:
      "https://observatorioplanificacion.cepal.org/en/plans/fifth-national-open-government-plan-peru-2023-2024",
  },
  {
    number: 3,
    ogpId: null,
    titleEn:
      "Articulate the OEFA and SENACE platforms, corresponding to certification information and environmental control",
    policyArea: null,
    leadSlug: null,
    earlyResults: null,
    summary:
      "Continuar implementando servicios web o interfaces de registro entre el OEFA (evaluación y fiscalización ambiental) y el SENACE (certificación ambiental).",
    sourceUrl:
      "https://observatorioplanificacion.cepal.org/es/planes/v-plan-de-accion-de-gobierno-abierto-de-peru-2023-2024",
  },
];

// ---------------------------------------------------------------------------------------------
// 5. The demonstration plan (fictional content).

const DEMO_PLAN = {
  id: DEMO_PLAN_ID,
  name: "Plan de demostración (datos ficticios) 2027-2028",
  periodStart: 2027,
  periodEnd: 2028,
  summary:
    "Plan de demostración para probar Minka. Su contenido es ficticio: los compromisos, hitos, indicadores, cifras, personas de contacto y organizaciones de apoyo no corresponden a ningún plan real.",
  sourceNote: "Datos ficticios creados para la demostración de Minka; no provienen de ninguna fuente oficial.",
  themes: ["Salud", "Educación", "Justicia"],
} as const;

type DemoCommitment = {
  id: string;
  number: number;
  theme: (typeof DEMO_PLAN.themes)[number];
  leadSlug: string;
  title: string;
  problem: string;
  baseline: string;
  description: string;
  contribution: string;
  values: { access: boolean; participation: boolean; accountability: boolean; technology: boolean };
  startDate: string;
  endDate: string;
  contactName: string;
  supporting: readonly { slug: string; role: string }[];
  milestones: readonly { description: string; output: string; start: string; end: string; responsible: string }[];
  indicators: readonly {
    kind: IndicatorKind;
    name: string;
    unit: string;
    baseline: string;
    target: string;
    due: string;
  }[];
};

const DEMO_COMMITMENTS: readonly DemoCommitment[] = [
  {
    id: "demo-2027-2028-c1",
    number: 1,
    theme: "Salud",
    leadSlug: "segdi",
    title: "Datos abiertos sobre los tiempos de espera para citas en los establecimientos de salud",
    problem:
      "Las personas no saben cuánto deberán esperar para obtener una cita en los establecimientos de salud públicos, lo que dificulta planificar su atención y exigir mejoras.",
    baseline:
      "Dato ficticio: ningún establecimiento publica sus tiempos de espera en formato abierto; la información solo se entrega a pedido.",
    description:
      "Publicar cada mes, en datos abiertos, los tiempos promedio de espera para citas por establecimiento y especialidad, con un tablero accesible para la ciudadanía. Resultados esperados: un conjunto de datos actualizado y un tablero público.",
    contribution:
      "La información abierta permitirá a las personas elegir dónde atenderse, y a la sociedad civil y la academia vigilar la evolución de los tiempos de espera y proponer mejoras.",
    values: { access: true, participation: false, accountability: true, technology: true },
    startDate: "2027-03-01",
    endDate: "2028-06-30",
    contactName: "Ana Flores (persona ficticia)",
    supporting: [
      { slug: "demo-colectivo-ciudadano", role: "Validación de la utilidad de los datos con personas usuarias" },
      { slug: "demo-universidad", role: "Análisis de la calidad de los datos" },
    ],
    milestones: [
      {
        description: "Definir con la sociedad civil el conjunto mínimo de datos que se publicará",
        output: "Diccionario de datos validado en un taller público",
        start: "2027-03-01",
        end: "2027-06-30",
        responsible: "SEGDI y Colectivo Ciudadano Demo",
      },
      {
        description: "Publicar el conjunto de datos y el tablero, con actualización mensual",
        output: "Conjunto de datos y tablero publicados",
        start: "2027-07-01",
        end: "2028-06-30",
        responsible: "SEGDI",
      },
    ],
    indicators: [
      {
        kind: "ACTIVITY",
        name: "Talleres de co-diseño realizados",
        unit: "talleres",
        baseline: "0",
        target: "3",
        due: "2027-06-30",
      },
      {
        kind: "RESULT",
        name: "Establecimientos con tiempos de espera publicados en datos abiertos",
        unit: "establecimientos",
        baseline: "0",
        target: "50",
        due: "2028-06-30",
      },
      {
        kind: "IMPACT",
        name: "Personas usuarias que usaron la información para decidir dónde atenderse",
        unit: "% de personas encuestadas",
        baseline: "Sin medición",
        target: "20 %",
        due: "2028-06-30",
      },
    ],
  },
  {
    id: "demo-2027-2028-c2",
    number: 2,
    theme: "Educación",
    leadSlug: "minedu",
    title: "Co-diseño con las familias de la información escolar que se publica en línea",
    problem:
      "Las familias encuentran la información sobre los colegios dispersa y difícil de comparar cuando deben elegir una institución educativa.",
    baseline:
      "Dato ficticio: en una consulta de prueba, 6 de cada 10 familias dijeron no encontrar la información que buscaban.",
    description:
      "Realizar una consulta ciudadana, en línea y presencial, con familias de distintas regiones para decidir qué información escolar se publica y cómo se presenta, e incorporar sus resultados a la plataforma de información escolar.",
    contribution:
      "Publicar la información que las familias necesitan, definida con ellas, facilita decisiones informadas y la vigilancia ciudadana de la calidad del servicio educativo.",
    values: { access: true, participation: true, accountability: false, technology: true },
    startDate: "2027-04-01",
    endDate: "2028-03-31",
    contactName: "Julio Paredes (persona ficticia)",
    supporting: [
      { slug: "demo-colectivo-ciudadano", role: "Convocatoria de familias" },
      { slug: "demo-universidad", role: "Diseño metodológico y sistematización de la consulta" },
    ],
    milestones: [
      {
        description: "Consultar a las familias en al menos cinco regiones",
        output: "Informe de resultados de la consulta publicado",
        start: "2027-04-01",
        end: "2027-09-30",
        responsible: "MINEDU y Universidad Demo",
      },
      {
        description:
          "Incorporar a la plataforma los cambios priorizados y publicar la respuesta razonada a cada propuesta",
        output: "Plataforma actualizada y matriz de respuesta razonada publicada",
        start: "2027-10-01",
        end: "2028-03-31",
        responsible: "MINEDU",
      },
    ],
    indicators: [
      {
        kind: "ACTIVITY",
        name: "Familias que participan en la consulta",
        unit: "familias",
        baseline: "0",
        target: "2000",
        due: "2027-09-30",
      },
      {
        kind: "RESULT",
        name: "Propuestas de la consulta con respuesta razonada publicada",
        unit: "% de propuestas",
        baseline: "0 %",
        target: "100 %",
        due: "2028-03-31",
      },
      {
        kind: "IMPACT",
        name: "Familias que encuentran la información que buscan",
        unit: "% de familias encuestadas",
        baseline: "40 % (dato ficticio)",
        target: "70 %",
        due: "2028-03-31",
      },
    ],
  },
  {
    id: "demo-2027-2028-c3",
    number: 3,
    theme: "Justicia",
    leadSlug: "poder-judicial",
    title: "Lenguaje claro en las notificaciones judiciales dirigidas a la ciudadanía",
    problem:
      "Las notificaciones judiciales usan un lenguaje técnico que muchas personas no comprenden, lo que limita su acceso a la justicia y su capacidad de ejercer sus derechos a tiempo.",
    baseline: "Dato ficticio: no existen modelos de notificación en lenguaje claro ni en lenguas originarias.",
    description:
      "Elaborar con personas usuarias del servicio de justicia modelos de notificación en lenguaje claro, en castellano y en las lenguas originarias predominantes de los distritos judiciales piloto, y aplicarlos en juzgados piloto.",
    contribution:
      "Notificaciones comprensibles mejoran el acceso a la información judicial y permiten que las personas participen a tiempo en sus procesos.",
    values: { access: true, participation: true, accountability: false, technology: false },
    startDate: "2027-05-01",
    endDate: "2028-12-31",
    contactName: "Elena Vargas (persona ficticia)",
    supporting: [
      { slug: "demo-colectivo-ciudadano", role: "Pruebas de comprensión con personas usuarias" },
      { slug: "demo-camara-empresarial", role: "Difusión entre gremios y empresas" },
    ],
    milestones: [
      {
        description: "Elaborar y validar con personas usuarias los modelos de notificación",
        output: "Guía de modelos de notificación en lenguaje claro",
        start: "2027-05-01",
        end: "2027-12-31",
        responsible: "Poder Judicial y Colectivo Ciudadano Demo",
      },
      {
        description: "Aplicar los modelos en juzgados piloto y evaluar su comprensión",
        output: "Informe de evaluación del piloto",
        start: "2028-01-01",
        end: "2028-12-31",
        responsible: "Poder Judicial",
      },
    ],
    indicators: [
      {
        kind: "ACTIVITY",
        name: "Modelos de notificación validados",
        unit: "modelos",
        baseline: "0",
        target: "10",
        due: "2027-12-31",
      },
      {
        kind: "RESULT",
        name: "Juzgados piloto que usan los modelos",
        unit: "juzgados",
        baseline: "0",
        target: "12",
        due: "2028-12-31",
      },
      {
        kind: "IMPACT",
        name: "Personas notificadas que comprenden qué deben hacer y en qué plazo",
        unit: "% de personas encuestadas",
        baseline: "35 % (dato ficticio)",
        target: "75 %",
        due: "2028-12-31",
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// 6-7. Demo accounts and forum members.

const DEMO_USERS = {
  admin: { email: "admin@minka.pe", name: "Administración SGP (demo)", role: "ADMIN", territoryId: null },
  foro: { email: "foro@minka.pe", name: "Rosa Quispe (demo)", role: "FORUM_MEMBER", territoryId: null },
  servidor: { email: "servidor@minka.pe", name: "Jorge Huamán (demo)", role: "PUBLIC_SERVANT", territoryId: null },
  ciudadana: { email: "ciudadana@minka.pe", name: "Lucía Mamani (demo)", role: "CITIZEN", territoryId: "13" },
} as const;

type DemoUserKey = keyof typeof DEMO_USERS;

/** Forum members, so the four sectors are represented; only the civil-society one has an account (foro@). */
const FORUM_MEMBERS: readonly { id: string; slug: string; sector: Sector; user: DemoUserKey | null }[] = [
  { id: "demo-foro-colectivo-ciudadano", slug: "demo-colectivo-ciudadano", sector: "CIVIL_SOCIETY", user: "foro" },
  { id: "demo-foro-sgp", slug: "sgp-pcm", sector: "PUBLIC_SECTOR", user: null },
  {
    id: "demo-foro-gobierno-regional-la-libertad",
    slug: "gobierno-regional-la-libertad",
    sector: "PUBLIC_SECTOR",
    user: null,
  },
  { id: "demo-foro-camara-empresarial", slug: "demo-camara-empresarial", sector: "PRIVATE_SECTOR", user: null },
  { id: "demo-foro-universidad", slug: "demo-universidad", sector: "ACADEMIA", user: null },
];

/** 15:00 in Lima (UTC-5, no daylight saving) on the first Thursday of the month after `now`. */
export function nextForumSessionDate(now: Date): Date {
  const lima = new Date(now.getTime() - 5 * 60 * 60 * 1000);
  const year = lima.getUTCFullYear();
  const month = lima.getUTCMonth() + 1; // Date.UTC rolls month 12 over to January.
  const firstWeekday = new Date(Date.UTC(year, month, 1)).getUTCDay();
  const firstThursday = 1 + ((4 - firstWeekday + 7) % 7);
  return new Date(Date.UTC(year, month, firstThursday, 20, 0, 0));
}

// ---------------------------------------------------------------------------------------------

/** Seeds the reference data, the demonstration plan and the demo accounts. Safe to run again. */
export async function seedDemo(prisma: PrismaClient): Promise<void> {
  const now = new Date();
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  // 1. Territories.
  await prisma.territory.upsert({
    where: { id: "PE" },
    create: { id: "PE", name: "Perú", level: "COUNTRY" },
    update: { name: "Perú", level: "COUNTRY", parentId: null },
  });
  for (const [id, name] of DEPARTMENTS) {
    await prisma.territory.upsert({
      where: { id },
      create: { id, name, level: "DEPARTMENT", parentId: "PE" },
      update: { name, level: "DEPARTMENT", parentId: "PE" },
    });
  }

  // 2. Organisations.
  const orgIds = new Map<string, string>();
  for (const { slug, ...data } of ORGANIZATIONS) {
    const org = await prisma.organization.upsert({
      where: { slug },
      create: { slug, ...data },
      update: data,
      select: { id: true },
    });
    orgIds.set(slug, org.id);
  }
  const orgId = (slug: string): string => {
    const id = orgIds.get(slug);
    if (!id) throw new Error(`seed: unknown organisation ${slug}`);
    return id;
  };
  const orgBySlug = new Map(ORGANIZATIONS.map((org) => [org.slug, org]));

  // 3. Plans and their themes.
  for (const { themes, ...plan } of PLANS) {
    const { id, ...data } = plan;
    await prisma.plan.upsert({ where: { id }, create: plan, update: data });
    await upsertThemes(prisma, id, themes);
  }

  // 4. Sourced commitments.
  await upsertSourcedCommitments(prisma, "paga-2020-2021", PAGA_2020_2021, orgId);
  await upsertSourcedCommitments(prisma, "paga-2023-2025", PAGA_2023_2025, orgId);
  const c1 = await prisma.commitment.findUniqueOrThrow({
    where: { planId_number: { planId: "paga-2020-2021", number: 1 } },
    select: { id: true },
  });
  for (const [position, actor] of PAGA_2020_2021_C1_SUPPORT.entries()) {
    const data = {
      commitmentId: c1.id,
      organizationId: actor.slug ? orgId(actor.slug) : null,
      name: actor.name,
      sector: "PUBLIC_SECTOR" as const,
      role: actor.role,
      position,
    };
    await prisma.supportingActor.upsert({ where: { id: actor.id }, create: { id: actor.id, ...data }, update: data });
  }

  // 5. The demonstration plan. Its phase and commitments are left alone once they exist.
  const { themes: demoThemes, ...demoPlan } = DEMO_PLAN;
  const demoPlanData = {
    name: demoPlan.name,
    summary: demoPlan.summary,
    sourceNote: demoPlan.sourceNote,
    periodStart: demoPlan.periodStart,
    periodEnd: demoPlan.periodEnd,
    isDemo: true,
  };
  await prisma.plan.upsert({
    where: { id: DEMO_PLAN_ID },
    create: { id: DEMO_PLAN_ID, ...demoPlanData, scope: "NATIONAL", territoryId: "PE", phase: "CO_CREATION" },
    update: demoPlanData,
  });
  const themeIds = await upsertThemes(prisma, DEMO_PLAN_ID, demoThemes);

  for (const c of DEMO_COMMITMENTS) {
    const existing = await prisma.commitment.findFirst({
      where: { OR: [{ id: c.id }, { planId: DEMO_PLAN_ID, number: c.number }] },
      select: { id: true },
    });
    if (existing) continue;
    await prisma.commitment.create({
      data: {
        id: c.id,
        planId: DEMO_PLAN_ID,
        number: c.number,
        title: c.title,
        status: "DRAFT",
        themeId: themeIds.get(c.theme) ?? null,
        leadInstitutionId: orgId(c.leadSlug),
        problem: c.problem,
        baseline: c.baseline,
        description: c.description,
        contribution: c.contribution,
        valueAccessToInformation: c.values.access,
        valueCivicParticipation: c.values.participation,
        valuePublicAccountability: c.values.accountability,
        valueTechnology: c.values.technology,
        startDate: day(c.startDate),
        endDate: day(c.endDate),
        contactName: c.contactName,
        supportingActors: {
          create: c.supporting.map((s, position) => {
            const org = orgBySlug.get(s.slug);
            if (!org) throw new Error(`seed: unknown organisation ${s.slug}`);
            return { organizationId: orgId(s.slug), name: org.name, sector: org.sector, role: s.role, position };
          }),
        },
        milestones: {
          create: c.milestones.map((m, index) => ({
            position: index + 1,
            description: m.description,
            output: m.output,
            startDate: day(m.start),
            endDate: day(m.end),
            responsible: m.responsible,
          })),
        },
        indicators: {
          create: c.indicators.map((i, position) => ({
            kind: i.kind,
            position,
            name: i.name,
            unit: i.unit,
            baseline: i.baseline,
            target: i.target,
            dueDate: day(i.due),
          })),
        },
      },
    });
  }
  const demoCommitments = await prisma.commitment.findMany({
    where: { planId: DEMO_PLAN_ID },
    select: { id: true, number: true, title: true },
    orderBy: { number: "asc" },
  });

  // 6. Demo accounts, their consent and memberships.
  const userIds = {} as Record<DemoUserKey, string>;
  for (const [key, u] of Object.entries(DEMO_USERS) as [DemoUserKey, (typeof DEMO_USERS)[DemoUserKey]][]) {
    const data = { name: u.name, role: u.role, territoryId: u.territoryId, passwordHash };
    const user = await prisma.user.upsert({
      where: { email: u.email },
      create: { email: u.email, ...data },
      update: data,
      select: { id: true },
    });
    userIds[key] = user.id;
    const consent = await prisma.consent.findFirst({
      where: { userId: user.id, purpose: CONSENT_PURPOSE, policyVersion: PRIVACY_POLICY_VERSION, granted: true },
      select: { id: true },
    });
    if (!consent) {
      await prisma.consent.create({
        data: { userId: user.id, purpose: CONSENT_PURPOSE, policyVersion: PRIVACY_POLICY_VERSION, granted: true },
      });
    }
  }

  const memberships = [
    { user: "admin", slug: "sgp-pcm", role: "REPRESENTATIVE" },
    { user: "servidor", slug: "sgp-pcm", role: "MEMBER" },
    { user: "foro", slug: "demo-colectivo-ciudadano", role: "REPRESENTATIVE" },
  ] as const;
  for (const m of memberships) {
    const userId = userIds[m.user];
    const organizationId = orgId(m.slug);
    await prisma.membership.upsert({
      where: { userId_organizationId: { userId, organizationId } },
      create: { userId, organizationId, role: m.role },
      update: { role: m.role },
    });
  }

  for (const c of demoCommitments) {
    const key = { commitmentId: c.id, userId: userIds.servidor };
    await prisma.commitmentTeamMember.upsert({ where: { commitmentId_userId: key }, create: key, update: {} });
  }

  // 7. Forum members: the four sectors.
  for (const f of FORUM_MEMBERS) {
    const data = { organizationId: orgId(f.slug), sector: f.sector, userId: f.user ? userIds[f.user] : null };
    await prisma.forumMember.upsert({ where: { id: f.id }, create: { id: f.id, ...data }, update: data });
  }

  // 8. The next ordinary session of the forum, unless one is already scheduled.
  const upcoming = await prisma.forumSession.findFirst({
    where: { status: "SCHEDULED", scheduledAt: { gt: now } },
    select: { id: true },
  });
  if (!upcoming) {
    await prisma.forumSession.create({
      data: {
        title: "Sesión ordinaria del Foro Multiactor (demostración)",
        scheduledAt: nextForumSessionDate(now),
        location: "Sala virtual",
        status: "SCHEDULED",
        isDemo: true,
      },
    });
  }

  await seedForum(prisma);

  // 9. Recent activity on the demo plan. Dates are set when first created and not moved later.
  const daysAgo = (days: number, hour: number): Date => {
    const d = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
    d.setUTCHours(hour, 0, 0, 0);
    return d;
  };
  const activities = [
    {
      id: "demo-actividad-plan-abierto",
      kind: "plan.opened",
      actorId: userIds.admin,
      subjectType: "plan",
      subjectId: DEMO_PLAN_ID,
      summary: `Se abrió la co-creación del ${DEMO_PLAN.name}.`,
      createdAt: daysAgo(6, 15),
    },
    ...demoCommitments.map((c, index) => ({
      id: `demo-actividad-compromiso-${c.number}`,
      kind: "commitment.drafted",
      actorId: userIds.servidor,
      subjectType: "commitment",
      subjectId: c.id,
      summary: `Se redactó el borrador del compromiso ${c.number}${c.title ? `: «${c.title}»` : ""}.`,
      createdAt: daysAgo(4 - Math.min(index, 3), 16 + index),
    })),
  ];
  for (const { id, createdAt, ...data } of activities) {
    await prisma.activity.upsert({ where: { id }, create: { id, createdAt, ...data }, update: data });
  }

  await seedMonitoring(prisma);
  await seedParticipation(prisma);
}

/** Upserts a plan's themes in order; returns their ids by name. */
async function upsertThemes(
  prisma: PrismaClient,
  planId: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [position, name] of names.entries()) {
    const theme = await prisma.theme.upsert({
      where: { planId_name: { planId, name } },
      create: { planId, name, position },
      update: { position },
      select: { id: true },
    });
    ids.set(name, theme.id);
  }
  return ids;
}

/** Upserts approved commitments of a past plan, keyed on (plan, number), with stable ids. */
async function upsertSourcedCommitments(
  prisma: PrismaClient,
  planId: string,
  commitments: readonly SourcedCommitment[],
  orgId: (slug: string) => string,
): Promise<void> {
  for (const c of commitments) {
    const data = {
      ogpId: c.ogpId,
      titleEn: c.titleEn,
      status: "APPROVED" as const,
      policyArea: c.policyArea,
      leadInstitutionId: c.leadSlug ? orgId(c.leadSlug) : null,
      earlyResults: c.earlyResults,
      summary: c.summary,
      sourceUrl: c.sourceUrl,
    };
    await prisma.commitment.upsert({
      where: { planId_number: { planId, number: c.number } },
      // No Spanish title is sourced; one added later in the app is kept on re-seeding.
      create: { id: `${planId}-${String(c.number).padStart(2, "0")}`, planId, number: c.number, title: null, ...data },
      update: data,
    });
  }
}

// Run directly: `npx tsx prisma/seed.ts` (DATABASE_URL defaults to the development database).
async function main(): Promise<void> {
  const { createPrismaClient, prepareDatabase } = await import("../app/utils/db.server.ts");
  const client = createPrismaClient(process.env.DATABASE_URL ?? "file:./data/minka.db");
  try {
    await prepareDatabase(client);
    const started = Date.now();
    await seedDemo(client);
    console.log(`Seeded demo data in ${Date.now() - started} ms.`);
  } finally {
    await client.$disconnect();
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

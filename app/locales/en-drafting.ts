import type esDrafting from "./es-drafting.ts";

// English strings of co-drafting history, versions and workflow (merged into en.ts under "drafting").
const enDrafting: typeof esDrafting = {};

export default enDrafting;

// Spanish strings of co-drafting history, versions and workflow (merged into es.ts under "drafting").
const esDrafting = {};

export default esDrafting;

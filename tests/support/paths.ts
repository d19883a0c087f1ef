import path from "node:path";

/** Scratch space for test databases, ignored by git. */
export const TMP_DIR = path.resolve("tests/.tmp");
/** A migrated, empty database that each test file copies. */
export const TEMPLATE_DB = path.join(TMP_DIR, "template.db");

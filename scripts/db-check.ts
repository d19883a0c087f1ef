// `npm run db:check` (in `npm test`): fails naming what drifted between prisma/schema.prisma, the
// migration snapshot and the SQLite and PostgreSQL migration histories (server/db/drift.ts).
import { checkDrift } from "../server/db/drift.ts";

const { problems, notes } = await checkDrift({
  postgresUrl: process.env.MINKA_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
  requirePostgres: process.env.MINKA_TEST_SERVICES === "required",
});
for (const note of notes) console.log(note);
if (problems.length > 0) {
  console.error(`Data model drift:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log("The data model, its snapshot and both migration histories agree.");

// `npm run db:migration -- <name>`: the next SQLite and PostgreSQL migrations, from the changes
// to prisma/schema.prisma since the migration snapshot (server/db/new-migration.ts).
import { createMigration } from "../server/db/new-migration.ts";

if (!process.argv[2]) {
  console.error("Usage: npm run db:migration -- <name>");
  process.exit(1);
}
const created = await createMigration(process.argv[2]);
for (const dir of created) console.log(`Created ${dir}`);
if (created.length === 0) console.log("The schema has not changed since the last migration: nothing to do.");

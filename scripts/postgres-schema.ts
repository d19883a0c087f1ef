// Part of `npm run db:generate`: writes the PostgreSQL schema derived from prisma/schema.prisma
// (into prisma/generated/, not committed), which `prisma generate` then reads for PostgreSQL.
import { writePostgresSchema } from "../server/db/postgres-schema.ts";

console.log(`Wrote ${writePostgresSchema()}`);

import { Prisma } from "../../app/generated/prisma/client.ts";
import { verifyLedger } from "../../app/record/ledger.server.ts";
import { createPrismaClient, prepareDatabase, type PrismaClient } from "../../app/utils/db.server.ts";
import { migratePostgres } from "./migrate-postgres.ts";

const CHUNK = 2000;

type Delegate = {
  count(): Promise<number>;
  findMany(args: { skip: number; take: number }): Promise<Record<string, unknown>[]>;
  createMany(args: { data: Record<string, unknown>[] }): Promise<{ count: number }>;
};

function delegate(client: PrismaClient | Prisma.TransactionClient, model: string): Delegate {
  const key = model.charAt(0).toLowerCase() + model.slice(1);
  return (client as unknown as Record<string, Delegate>)[key]!;
}

/**
 * Copies every table of a SQLite Minka database into an empty PostgreSQL one, through the two
 * Prisma clients of the one data model (so every type converts as Prisma maps it). The copy runs
 * in one PostgreSQL transaction with foreign-key triggers deferred (`session_replication_role =
 * replica`, which needs a superuser or the database owner on managed services), so tables can be
 * copied in any order and a failure leaves the target empty. Then it checks every table's count
 * and verifies the public record's chain on the target.
 */
export async function copySqliteToPostgres(
  sqliteUrl: string,
  postgresUrl: string,
  options: { log?: (line: string) => void } = {},
) {
  const log = options.log ?? (() => {});
  await migratePostgres(postgresUrl);
  const source = createPrismaClient(sqliteUrl);
  const target = createPrismaClient(postgresUrl, { poolSize: 2 });
  try {
    await prepareDatabase(source);
    const models = Object.values(Prisma.ModelName);
    for (const model of models) {
      if ((await delegate(target, model).count()) > 0) {
        throw new Error(`the target is not empty (table ${model} has rows); copy into a new database`);
      }
    }
    const tables: { model: string; rows: number }[] = [];
    await target.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
        for (const model of models) {
          let copied = 0;
          for (;;) {
            const rows = await delegate(source, model).findMany({ skip: copied, take: CHUNK });
            if (rows.length === 0) break;
            await delegate(tx, model).createMany({ data: rows });
            copied += rows.length;
          }
          tables.push({ model, rows: copied });
          log(`${model}: ${copied}`);
        }
        // Autoincrement columns continue after the copied ids.
        await tx.$executeRawUnsafe(`DO $$
          DECLARE col record;
          BEGIN
            FOR col IN
              SELECT c.table_name, c.column_name FROM information_schema.columns c
              WHERE c.table_schema = current_schema() AND c.column_default LIKE 'nextval(%'
            LOOP
              EXECUTE format(
                'SELECT setval(pg_get_serial_sequence(%L, %L), GREATEST(COALESCE((SELECT max(%I) FROM %I), 0), 1), (SELECT count(*) > 0 FROM %I))',
                quote_ident(col.table_name), col.column_name, col.column_name, col.table_name, col.table_name);
            END LOOP;
          END $$`);
      },
      { maxWait: 60_000, timeout: 30 * 60_000 },
    );
    for (const { model, rows } of tables) {
      const [from, to] = await Promise.all([delegate(source, model).count(), delegate(target, model).count()]);
      if (from !== rows || to !== rows) throw new Error(`${model}: ${from} rows in SQLite but ${to} in PostgreSQL`);
    }
    const ledger = await verifyLedger(target);
    if (!ledger.ok) throw new Error(`the public record does not verify on PostgreSQL: ${ledger.broken.reason}`);
    return { tables, rows: tables.reduce((sum, table) => sum + table.rows, 0), ledger };
  } finally {
    await Promise.allSettled([source.$disconnect(), target.$disconnect()]);
  }
}

// `npm run db:copy-to-postgres -- <sqlite file: URL> <postgresql:// URL>`: copies a Minka SQLite
// database into an empty PostgreSQL database (migrated first), then verifies row counts of every
// table and the public record's hash chain on the target. Stop Minka before copying.
import { copySqliteToPostgres } from "../server/db/copy-to-postgres.ts";

const [from, to] = process.argv.slice(2);
if (!from?.startsWith("file:") || !to || !/^postgres(ql)?:\/\//.test(to)) {
  console.error("Usage: npm run db:copy-to-postgres -- file:./data/minka.db postgresql://user@host:5432/minka");
  process.exit(1);
}
try {
  const report = await copySqliteToPostgres(from, to, { log: (line) => console.log(line) });
  console.log(
    `Copied ${report.rows} rows in ${report.tables.length} tables; counts match; ` +
      `public record verified on PostgreSQL (${report.ledger.count} entries).`,
  );
} catch (error) {
  console.error(`Copy failed: ${(error as Error).message}`);
  process.exit(1);
}

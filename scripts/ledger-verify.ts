// `npm run ledger:verify`: recomputes the whole hash chain of the public record. Exit 0 when it is
// intact; otherwise names the first broken entry and exits 1.
import { verifyLedger } from "../app/record/ledger.server.ts";
import { prepareDatabase, prisma } from "~/utils/db.server.ts";

await prepareDatabase();
const result = await verifyLedger();
await prisma().$disconnect();
if (result.ok) {
  const head = result.head ? `head #${result.head.seq} ${result.head.hash}` : "empty";
  console.log(`Public record intact: ${result.count} entries verified, ${head}.`);
  process.exit(0);
} else {
  console.error(
    `Public record BROKEN at entry #${result.broken.seq} (position ${result.broken.position}): ${result.broken.reason}. ` +
      `${result.count} entries before it verified.`,
  );
  process.exit(1);
}

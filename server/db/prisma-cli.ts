import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Runs the Prisma CLI (the project's own, through npx) and returns its standard output. On
 * failure the error carries Prisma's output, which says what went wrong.
 */
export async function prisma(args: string[], env: Record<string, string> = {}): Promise<string> {
  try {
    const { stdout } = await run("npx", ["prisma", ...args], {
      encoding: "utf8",
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`prisma ${args.join(" ")} failed:\n${stdout ?? ""}${stderr ?? ""}`.trim());
  }
}

/**
 * The SQL that takes a database from one data model (`null`: an empty database) to another, by
 * `prisma migrate diff` between two schema files. Schema to schema is the form that works on
 * Prisma's WebAssembly engine with a driver adapter (docs/decisions/002): no database is needed.
 */
export function diffDatamodels(from: string | null, to: string): Promise<string> {
  const source = from === null ? ["--from-empty"] : ["--from-schema-datamodel", from];
  return prisma(["migrate", "diff", ...source, "--to-schema-datamodel", to, "--script"]);
}

/** Whether a migration script does anything (Prisma writes a comment for an empty one). */
export function hasStatements(sql: string): boolean {
  return sql
    .split("\n")
    .map((line) => line.replace(/--.*$/, "").trim())
    .some((line) => line.length > 0);
}

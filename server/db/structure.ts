import Database from "better-sqlite3";
import pg from "pg";

// A database's structure as sorted lines (tables, columns, keys, indexes, enums), to compare the
// database a migration history builds with the one a data model builds. Column order is left out
// (a column added later comes last), as is Prisma's own `_prisma_migrations` table.

const IGNORED = "_prisma_migrations";

export function sqliteStructure(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const lines: string[] = [];
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> ? ORDER BY name",
      )
      .all(IGNORED) as { name: string }[];
    for (const { name: table } of tables) {
      lines.push(`table ${table}`);
      const columns = db.prepare(`PRAGMA table_info("${table}")`).all() as {
        name: string;
        type: string;
        notnull: number;
        dflt_value: string | null;
        pk: number;
      }[];
      for (const c of columns) {
        lines.push(
          `column ${table}.${c.name} ${c.type}${c.notnull ? " NOT NULL" : ""}` +
            `${c.dflt_value === null ? "" : ` DEFAULT ${c.dflt_value}`}${c.pk ? ` PRIMARY KEY ${c.pk}` : ""}`,
        );
      }
      const keys = new Map<number, { table: string; from: string[]; to: string[]; update: string; delete: string }>();
      for (const k of db.prepare(`PRAGMA foreign_key_list("${table}")`).all() as {
        id: number;
        table: string;
        from: string;
        to: string;
        on_update: string;
        on_delete: string;
      }[]) {
        const key = keys.get(k.id) ?? { table: k.table, from: [], to: [], update: k.on_update, delete: k.on_delete };
        key.from.push(k.from);
        key.to.push(k.to);
        keys.set(k.id, key);
      }
      for (const k of keys.values()) {
        lines.push(
          `foreign key ${table}(${k.from.join(", ")}) -> ${k.table}(${k.to.join(", ")}) ON UPDATE ${k.update} ON DELETE ${k.delete}`,
        );
      }
      for (const index of db.prepare(`PRAGMA index_list("${table}")`).all() as {
        name: string;
        unique: number;
        origin: string;
        partial: number;
      }[]) {
        const parts = (
          db.prepare(`PRAGMA index_xinfo("${index.name}")`).all() as {
            name: string | null;
            desc: number;
            key: number;
          }[]
        )
          .filter((part) => part.key)
          .map((part) => `${part.name ?? "<expression>"}${part.desc ? " DESC" : ""}`);
        lines.push(
          `index ${table} ${index.name} (${parts.join(", ")})${index.unique ? " UNIQUE" : ""} origin ${index.origin}` +
            `${index.partial ? " PARTIAL" : ""}`,
        );
      }
    }
    return lines.sort();
  } finally {
    db.close();
  }
}

export async function postgresStructure(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const lines: string[] = [];
    const columns = await client.query<Record<string, string | number | null>>(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
              character_maximum_length, numeric_precision, numeric_scale, datetime_precision
       FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> $1`,
      [IGNORED],
    );
    for (const c of columns.rows) {
      lines.push(
        `column ${c.table_name}.${c.column_name} ${c.data_type} (${c.udt_name})` +
          `${c.is_nullable === "NO" ? " NOT NULL" : ""}${c.column_default === null ? "" : ` DEFAULT ${c.column_default}`}` +
          ` length ${c.character_maximum_length} precision ${c.numeric_precision},${c.numeric_scale},${c.datetime_precision}`,
      );
    }
    const constraints = await client.query<{ table: string; name: string; definition: string }>(
      `SELECT rel.relname AS table, con.conname AS name, pg_get_constraintdef(con.oid) AS definition
       FROM pg_constraint con
       JOIN pg_class rel ON rel.oid = con.conrelid
       JOIN pg_namespace ns ON ns.oid = rel.relnamespace
       WHERE ns.nspname = current_schema() AND rel.relname <> $1`,
      [IGNORED],
    );
    for (const c of constraints.rows) lines.push(`constraint ${c.table} ${c.name} ${c.definition}`);
    const indexes = await client.query<{ table: string; definition: string }>(
      `SELECT tablename AS table, indexdef AS definition FROM pg_indexes
       WHERE schemaname = current_schema() AND tablename <> $1`,
      [IGNORED],
    );
    for (const index of indexes.rows) lines.push(`index ${index.table} ${index.definition}`);
    // Enum values as a set: a value added by a later migration is appended, a new model lists it in place.
    const enums = await client.query<{ name: string; value: string }>(
      `SELECT t.typname AS name, e.enumlabel AS value FROM pg_type t
       JOIN pg_enum e ON e.enumtypid = t.oid
       JOIN pg_namespace ns ON ns.oid = t.typnamespace
       WHERE ns.nspname = current_schema()`,
    );
    for (const e of enums.rows) lines.push(`enum ${e.name} value ${e.value}`);
    return lines.sort();
  } finally {
    await client.end();
  }
}

/** The lines only one of two structures has, each marked with the side that has it. */
export function structureDifferences(a: string[], b: string[], labels: [string, string]): string[] {
  const inB = new Set(b);
  const inA = new Set(a);
  return [
    ...a.filter((line) => !inB.has(line)).map((line) => `only in ${labels[0]}: ${line}`),
    ...b.filter((line) => !inA.has(line)).map((line) => `only in ${labels[1]}: ${line}`),
  ];
}

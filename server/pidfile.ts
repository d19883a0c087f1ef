import { readFileSync, rmSync, writeFileSync } from "node:fs";

// A running server leaves its process id next to its SQLite file, so that `npm run restore` can
// refuse to replace a database under a live server. A stale file (after kill -9) is harmless: the
// process it names no longer exists.

export function pidFilePath(databaseFile: string): string {
  return `${databaseFile}.server.pid`;
}

export function writePidFile(databaseFile: string): void {
  writeFileSync(pidFilePath(databaseFile), `${process.pid}\n`);
}

export function removePidFile(databaseFile: string): void {
  try {
    if (readFileSync(pidFilePath(databaseFile), "utf8").trim() === String(process.pid)) {
      rmSync(pidFilePath(databaseFile), { force: true });
    }
  } catch {
    // Already gone.
  }
}

/** The id of a live server process using this database, or null. */
export function runningServerPid(databaseFile: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFilePath(databaseFile), "utf8").trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; still a live process.
    return (error as NodeJS.ErrnoException).code === "EPERM" ? pid : null;
  }
}

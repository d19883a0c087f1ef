import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statfsSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// A really full filesystem for the disk-full fault (docs/decisions/011): a small tmpfs mounted for
// the test, holding the server's database, then filled to the last block by a filler file. Mounting
// needs root (or CAP_SYS_ADMIN); CI runs as root. Where it is not allowed, `mountProblem` says why.

/** Why a tmpfs cannot be mounted here, or null when it can (tried with a throwaway mount). */
export function mountProblem(): string | null {
  if (process.platform !== "linux") return `tmpfs mounts need Linux (this is ${process.platform})`;
  const dir = mkdtempSync(path.join(tmpdir(), "minka-mount-probe-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir], { stdio: "pipe" });
    execFileSync("umount", [dir], { stdio: "pipe" });
    return null;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return `cannot mount a tmpfs (${stderr || (error as Error).message}); run as root or with CAP_SYS_ADMIN`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A tmpfs of `bytes` mounted on a fresh directory; `unmount` removes it and the directory. */
export function mountSmallFilesystem(bytes: number) {
  const dir = path.join(tmpdir(), `minka-disk-full-${randomUUID()}`);
  mkdirSync(dir);
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${bytes}`, "tmpfs", dir], { stdio: "pipe" });
  return {
    dir,
    freeBytes: () => {
      const stats = statfsSync(dir);
      return stats.bavail * stats.bsize;
    },
    unmount: () => {
      // Lazy: a server that has not quite exited yet must not leave the mount behind.
      execFileSync("umount", ["-l", dir], { stdio: "pipe" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes a file until the filesystem refuses with ENOSPC; returns a function that frees it. */
export function fillFilesystem(dir: string): () => void {
  const file = path.join(dir, "filler");
  const fd = openSync(file, "w");
  try {
    for (const size of [1024 * 1024, 64 * 1024, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size, 0x5a);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "ENOSPC") break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return () => unlinkSync(file);
}

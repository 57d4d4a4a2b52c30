import { spawnSync } from "node:child_process";
import { rmSync, statfsSync } from "node:fs";
import { join } from "node:path";

/**
 * A real small filesystem for tests of a full disk: a tmpfs of `mebibytes` mounted on `dir`. These
 * machines run tests as root, so mounting works; where it is refused the test cannot show a real ENOSPC and
 * says so (it does not pretend with a mock).
 */
export function mountSmallDisk(dir: string, mebibytes: number): { unmount(): void } {
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${mebibytes}m`, "tmpfs", dir], {
    encoding: "utf8",
  });
  if (mounted.status !== 0) {
    throw new Error(
      `this test mounts a ${mebibytes} MiB tmpfs to fill a real disk, and mounting was refused ` +
        `(${mounted.stderr.trim() || `exit ${mounted.status}`}): run the suite as root`,
    );
  }
  return {
    unmount() {
      spawnSync("umount", ["-l", dir]);
    },
  };
}

/** Bytes free on the filesystem holding `dir`. */
export function freeBytes(dir: string): number {
  const fs = statfsSync(dir);
  return fs.bavail * fs.bsize;
}

/** Fills the filesystem of `dir` with one file until only about `leaveBytes` are free; returns its path. */
export function fillDisk(dir: string, leaveBytes: number): string {
  const filler = join(dir, "filler.bin");
  const size = Math.max(0, freeBytes(dir) - leaveBytes);
  const allocated = spawnSync("fallocate", ["-l", String(size), filler], { encoding: "utf8" });
  if (allocated.status !== 0) throw new Error(`fallocate failed: ${allocated.stderr}`);
  return filler;
}

export function removeFiller(path: string): void {
  rmSync(path, { force: true });
}

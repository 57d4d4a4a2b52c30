// Validates replayd's container image (issue 22), run by .ci/run as root:
//
//   node_modules/.bin/bun scripts/validate-image.ts [--no-podman] [--skip-build] [--keep]
//
// 1. dist/replayd is built; the glibc files it links are the manifest's; the static ffmpeg + ffprobe are built
//    or taken from the cache (docker/build-ffmpeg.sh) and replayd's media tests pass with them.
// 2. The image's root filesystem is laid out from docker/rootfs.manifest in a temporary folder and run without
//    a container runtime (scripts/image/rootfs-run.ts: unshare + chroot as the Dockerfile's USER, with only
//    the Dockerfile's ENV): version, ffmpeg, the TLS roots, serve healthy from outside, `healthcheck`, SIGTERM
//    → exit 0, and a recording of H.264, HEVC and AV1 channels from the simulator over HTTPS, checked by ffprobe.
// 3. podman builds docker/Dockerfile itself (base image made by debootstrap when missing), its content and
//    configuration are compared with the manifest and the Dockerfile, the same checks run in a container, and
//    the image is written as an OCI archive (dist/replayd-image.oci.tar).
//
// Every check prints ✓ or ✗ with what it saw; the exit code is non-zero when any failed. Caches (ffmpeg, the
// Debian base) are in ${REPLAYD_CACHE:-/var/cache/replayd}; podman's layer cache is its own storage.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Fatal, printSummary, reportEnd } from "./image/checks.ts";
import { preparePieces } from "./image/pieces.ts";
import { checkPodman } from "./image/podman-checks.ts";
import type { Cleanups } from "./image/processes.ts";
import { checkRootfs, layOutRootfs } from "./image/rootfs-checks.ts";
import { checkDockerfileRendered, readImageSpec } from "./image/spec.ts";
import { startTlsSimulator, type TlsSimulator } from "./image/tls-sim.ts";

const { values: opts } = parseArgs({
  options: {
    "no-podman": { type: "boolean", default: false },
    "skip-build": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  },
});
if (opts.help) {
  console.log(
    readFileSync(import.meta.path, "utf8")
      .split("\nimport ")[0]
      ?.replace(/^\/\/ ?/gm, ""),
  );
  process.exit(0);
}

// The phases are modules of scripts/image/ (pieces.ts, rootfs-checks.ts, podman-checks.ts); each check
// prints its own line through checks.ts, which also keeps the results for the closing summary.
const started = performance.now();
const scratch = mkdtempSync(join(tmpdir(), "replayd-image-"));
let sim: TlsSimulator | null = null;
const cleanups: Cleanups = [];

try {
  if (process.getuid?.() !== 0) throw new Fatal("run as root: unshare, chroot, apt-get and podman need it");
  for (const tool of ["unshare", "chroot", "ldd", "openssl", "ffmpeg", "ffprobe"])
    if (!Bun.which(tool))
      throw new Fatal(`${tool} is not installed (scripts/ensure-system.sh installs ffmpeg)`);

  const spec = readImageSpec();
  await checkDockerfileRendered(spec);

  // 1. the pieces
  const sources = await preparePieces(spec, { scratch, skipBuild: opts["skip-build"] });

  // 2. the root filesystem, without a container runtime
  const rootfs = await layOutRootfs(spec, sources, scratch);
  // The simulator (outside) over HTTPS, which both runs record from; stopped once the cleanups have ended
  // the processes recording from it.
  sim = startTlsSimulator();
  await checkRootfs({ spec, rootfs, sources, sim, cleanups });

  // 3. the real image, with podman
  if (opts["no-podman"]) console.log("- podman: skipped (--no-podman)");
  else await checkPodman({ spec, sources, rootfsBytes: rootfs.bytes, sim, scratch, cleanups });
} catch (err) {
  reportEnd(err);
} finally {
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
  await sim?.stop();
  if (opts.keep) console.log(`  kept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}

process.exit(printSummary(started) ? 1 : 0);

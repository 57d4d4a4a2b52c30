// The validation's third phase: the real image, with podman. podman builds docker/Dockerfile itself (base
// image made by debootstrap when missing), its content and configuration are compared with the manifest and
// the Dockerfile, the same checks run in containers, and the image is written as an OCI archive
// (dist/replayd-image.oci.tar). podman's layer cache is its own storage.
import { existsSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { assert, check, mib, must, secs } from "./checks.ts";
import { ROOT, type SourceDirs } from "./manifest.ts";
import { compareWithManifest } from "./manifest-compare.ts";
import { type Cleanups, firstLine, freePort, healthy, run, runOk, tail } from "./processes.ts";
import {
  CHANNELS,
  checkRecordings,
  goLive,
  recorderEnv,
  recordWhileLive,
  writeRecorderFiles,
} from "./recording.ts";
import { spawnCollecting } from "./rootfs-run.ts";
import { type ImageSpec, SIZE_LIMIT_BYTES, SIZE_LIMIT_MIB } from "./spec.ts";
import type { TlsSimulator } from "./tls-sim.ts";

const CACHE = process.env.REPLAYD_CACHE || "/var/cache/replayd";
const IMAGE = "localhost/replayd:validate";
const PODMAN_GLOBAL = ["--runtime", "runc", "--cgroup-manager=cgroupfs"];
const PODMAN_RUN = ["--ulimit", "nofile=20000:20000", "--ulimit", "nproc=32768:32768", "--network=host"];

const podman = (...args: string[]) => ["podman", ...PODMAN_GLOBAL, ...args];
const podmanRun = (...args: string[]) => podman("run", ...PODMAN_RUN, ...args);

/** Builds the image and checks it, then runs the rootfs run's checks again in containers of it. */
export async function checkPodman(o: {
  spec: ImageSpec;
  sources: SourceDirs;
  rootfsBytes: number;
  sim: TlsSimulator;
  scratch: string;
  cleanups: Cleanups;
}) {
  await must("podman", async () => {
    if (!Bun.which("podman") || !Bun.which("runc")) {
      await runOk(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "podman", "runc"], {
        env: { DEBIAN_FRONTEND: "noninteractive" },
      });
    }
    return firstLine((await runOk(podman("--version"))).stdout);
  });
  await must("base image", async () => {
    await runOk(["bash", "docker/debian-base.sh", "--import"], { echo: true });
    return firstLine(
      (await runOk(podman("image", "inspect", "--format", "{{.Id}}", "localhost/debian:bookworm-slim")))
        .stdout,
    ).slice(0, 12);
  });

  const imageBytes = await buildImage();
  await check("image holds exactly the manifest", () => compareExport(o.spec, o.sources, o.scratch));
  await check("image configuration is the Dockerfile's", () => compareConfig(o.spec));
  await runContainers(o);

  await check("podman save --format oci-archive", async () => {
    const out = join(ROOT, "dist", "replayd-image.oci.tar");
    rmSync(out, { force: true });
    await runOk(podman("save", "--format", "oci-archive", "-o", out, IMAGE));
    return `dist/replayd-image.oci.tar ${mib(statSync(out).size)}`;
  });
  if (imageBytes) console.log(`  image ${mib(imageBytes)}, rootfs ${mib(o.rootfsBytes)}`);
}

/** Builds IMAGE from docker/Dockerfile; returns its size. Its failure ends the run. */
async function buildImage(): Promise<number> {
  let imageBytes = 0;
  await must("podman build docker/Dockerfile", async () => {
    const before = (await run(podman("image", "inspect", "--format", "{{.Id}}", IMAGE))).stdout.trim();
    const at = performance.now();
    await runOk(
      podman(
        "build",
        // Docker's image format: OCI's has no HEALTHCHECK.
        "--format",
        "docker",
        "--build-arg",
        "BASE=localhost/debian:bookworm-slim",
        "--network=host",
        "--ulimit",
        "nofile=20000:20000",
        "-v",
        `${CACHE}:/var/cache/replayd`,
        "-f",
        "docker/Dockerfile",
        "-t",
        IMAGE,
        ".",
      ),
      { echo: process.env.VALIDATE_IMAGE_VERBOSE === "1" },
    );
    const took = performance.now() - at;
    const after = (await runOk(podman("image", "inspect", "--format", "{{.Id}}", IMAGE))).stdout.trim();
    // The previous run's image, untagged now: removed, so images do not pile up (its layers that the new
    // one shares, and the build stages' cache, stay).
    if (before && before !== after) await run(podman("rmi", before));
    imageBytes = Number(
      (await runOk(podman("image", "inspect", "--format", "{{.Size}}", IMAGE))).stdout.trim(),
    );
    assert(imageBytes <= SIZE_LIMIT_BYTES, `${mib(imageBytes)} is over the ${SIZE_LIMIT_MIB} MiB target`);
    return `${IMAGE} ${mib(imageBytes)} in ${secs(took)}`;
  });
  return imageBytes;
}

/** The image's filesystem, exported from a container of it, against the manifest. */
async function compareExport({ entries }: ImageSpec, sources: SourceDirs, scratch: string) {
  const cid = (await runOk(podman("create", IMAGE))).stdout.trim();
  try {
    const tar = join(scratch, "export.tar");
    await runOk(podman("export", "-o", tar, cid));
    const listing = (await runOk(["tar", "--numeric-owner", "-tvf", tar])).stdout;
    return compareWithManifest(listing, entries, sources);
  } finally {
    await run(podman("rm", "-v", cid));
  }
}

/** The image's configuration (user, env, ports, volumes, entrypoint, healthcheck) against the Dockerfile's. */
async function compareConfig({ stage }: ImageSpec) {
  const [config] = JSON.parse((await runOk(podman("image", "inspect", IMAGE))).stdout) as {
    Config: {
      User: string;
      Env: string[];
      ExposedPorts: Record<string, unknown>;
      Volumes: Record<string, unknown>;
      Entrypoint: string[];
      Cmd: string[];
    };
    Healthcheck?: { Test: string[] };
  }[];
  const c = config?.Config;
  assert(c, "no configuration");
  assert(c.User === stage.user, `User ${c.User}`);
  for (const [k, v] of Object.entries(stage.env)) assert(c.Env.includes(`${k}=${v}`), `Env lacks ${k}=${v}`);
  assert(
    JSON.stringify(Object.keys(c.ExposedPorts ?? {})) === JSON.stringify(stage.expose.map((p) => `${p}/tcp`)),
    `ExposedPorts ${Object.keys(c.ExposedPorts ?? {})}`,
  );
  assert(
    JSON.stringify(Object.keys(c.Volumes ?? {})) === JSON.stringify(stage.volumes),
    `Volumes ${Object.keys(c.Volumes ?? {})}`,
  );
  assert(JSON.stringify(c.Entrypoint) === JSON.stringify(stage.entrypoint), `Entrypoint ${c.Entrypoint}`);
  assert(JSON.stringify(c.Cmd) === JSON.stringify(stage.cmd), `Cmd ${c.Cmd}`);
  const test = config?.Healthcheck?.Test;
  assert(
    JSON.stringify(test) === JSON.stringify(["CMD", ...(stage.healthcheck?.cmd ?? [])]),
    `Healthcheck ${test}`,
  );
  return `USER ${c.User}, EXPOSE ${Object.keys(c.ExposedPorts).join(" ")}, VOLUME ${Object.keys(c.Volumes).join(" ")}, ENTRYPOINT ${c.Entrypoint.join(" ")} CMD ${c.Cmd.join(" ")}, HEALTHCHECK ${test?.slice(1).join(" ")}`;
}

/** The rootfs run's checks again, in containers of the image, with a named volume on /data. */
async function runContainers(o: {
  spec: ImageSpec;
  sources: SourceDirs;
  sim: TlsSimulator;
  cleanups: Cleanups;
}) {
  const { spec, sim, cleanups } = o;
  const volume = `replayd-validate-${process.pid}`;
  await runOk(podman("volume", "create", volume));
  cleanups.push(() => run(podman("volume", "rm", "-f", volume)));
  const volumeDir = (
    await runOk(podman("volume", "inspect", "--format", "{{.Mountpoint}}", volume))
  ).stdout.trim();

  await check("podman: version, ffmpeg -version", async () => {
    const v = await runOk(podmanRun("--rm", IMAGE, "version"));
    const f = await runOk(
      podmanRun("--rm", "--entrypoint", spec.stage.env.FFMPEG_PATH as string, IMAGE, "-version"),
    );
    return `${firstLine(v.stdout)}; ${firstLine(f.stdout).replace(/ Copyright.*/, "")}`;
  });

  await check("podman: serve healthy (named volume for /data), HEALTHCHECK, stop → exit 0", async () => {
    const port = freePort();
    const name = `replayd-validate-serve-${process.pid}`;
    const simUrl = `TWITCH_SIMULATOR_URL=${sim.url}`;
    await runOk(
      podmanRun("-d", "--name", name, "-e", `PORT=${port}`, "-e", simUrl, "-v", `${volume}:/data`, IMAGE),
    );
    cleanups.push(() => run(podman("rm", "-f", "-v", name)));
    const logs = async () => {
      const r = await run(podman("logs", name));
      return tail(r.stdout + r.stderr);
    };
    const health = await healthy(port).catch(async (err) => {
      throw new Error(`${(err as Error).message}; ${await logs()}`);
    });
    assert(health.startsWith("ok"), `health says ${health}`);
    const hc = await run(podman("healthcheck", "run", name));
    assert(hc.code === 0, `podman healthcheck run: exit ${hc.code} ${tail(hc.stdout + hc.stderr)}`);
    // An empty named volume takes the image's /data (its owner) when first mounted.
    const owner = statSync(volumeDir);
    assert(owner.uid === spec.uid, `the volume is owned by ${owner.uid}, not /data's owner ${spec.uid}`);
    assert(existsSync(join(volumeDir, "replayd.db")), "no database in the volume");
    const stopAt = performance.now();
    await runOk(podman("stop", "-t", "30", name));
    const stopped = performance.now() - stopAt;
    const code = (await runOk(podman("inspect", "--format", "{{.State.ExitCode}}", name))).stdout.trim();
    assert(code === "0", `exit ${code} after podman stop: ${await logs()}`);
    await run(podman("rm", name));
    return `health on :${port} → ${health}; podman healthcheck run → healthy; the new volume took /data's owner ${owner.uid}, the database is in it; podman stop (SIGTERM) → exit 0 in ${secs(stopped)}`;
  });

  await check("podman: record H.264, HEVC, AV1 over HTTPS; ffprobe the parts", async () => {
    writeRecorderFiles(volumeDir, sim);
    await goLive(sim);
    const name = `replayd-validate-record-${process.pid}`;
    const env = Object.entries(recorderEnv(sim)).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    const rec = spawnCollecting(
      podmanRun(
        "--rm",
        "--name",
        name,
        ...env,
        "-v",
        `${volume}:/data`,
        IMAGE,
        "record",
        ...CHANNELS.map((c) => c.login),
      ),
      process.env,
    );
    cleanups.push(() => run(podman("rm", "-f", "-v", name)));
    const code = await recordWhileLive(sim, rec.output, rec.proc.exited);
    assert(code === 0, `record exit ${code}: ${tail(rec.output())}`);
    return checkRecordings(volumeDir, join(o.sources.ffmpeg, "ffprobe"));
  });
}

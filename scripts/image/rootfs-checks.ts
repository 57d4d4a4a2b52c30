// The validation's second phase: the image's root filesystem, laid out from docker/rootfs.manifest in a
// temporary folder and run without a container runtime (rootfs-run.ts: unshare + chroot as the Dockerfile's
// USER, with only the Dockerfile's ENV): version, ffmpeg, the TLS roots, serve healthy from outside,
// `healthcheck`, SIGTERM → exit 0, TLS refused without the simulator's CA, and a recording over HTTPS.
import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { assert, check, mib, must } from "./checks.ts";
import { assembleRootfs, type SourceDirs } from "./manifest.ts";
import { type Cleanups, firstLine, freePort, healthy, tail, withTimeout } from "./processes.ts";
import {
  CHANNELS,
  checkRecordings,
  goLive,
  recorderEnv,
  recordWhileLive,
  writeRecorderFiles,
} from "./recording.ts";
import { type RootfsCommand, runInRootfs, spawnInRootfs } from "./rootfs-run.ts";
import { type ImageSpec, SIZE_LIMIT_BYTES, SIZE_LIMIT_MIB } from "./spec.ts";
import type { TlsSimulator } from "./tls-sim.ts";

export interface Rootfs {
  dir: string;
  /** The bytes of its files. */
  bytes: number;
}

/** Lays the root filesystem out under `scratch`/rootfs; its failure ends the run. */
export async function layOutRootfs(
  { entries }: ImageSpec,
  sources: SourceDirs,
  scratch: string,
): Promise<Rootfs> {
  const dir = join(scratch, "rootfs");
  mkdirSync(dir);
  chmodSync(dir, 0o755); // the root folder a user other than root must traverse
  let bytes = 0;
  await must("rootfs laid out from docker/rootfs.manifest", () => {
    bytes = assembleRootfs(entries, dir, sources);
    // The mount points a runtime provides (not part of the image).
    for (const mount of ["proc", "dev"]) mkdirSync(join(dir, mount), { mode: 0o755 });
    assert(bytes <= SIZE_LIMIT_BYTES, `${mib(bytes)} is over the ${SIZE_LIMIT_MIB} MiB target`);
    return `${entries.length} entries, ${mib(bytes)} (target ≤ ${SIZE_LIMIT_MIB} MiB)`;
  });
  return { dir, bytes };
}

/** Runs the image's checks in the laid-out root filesystem; the recorder reaches `sim` from inside. */
export async function checkRootfs(o: {
  spec: ImageSpec;
  rootfs: Rootfs;
  sources: SourceDirs;
  sim: TlsSimulator;
  cleanups: Cleanups;
}) {
  const { spec, sim, cleanups } = o;
  const { stage } = spec;
  const inRoot = (env: Record<string, string>, argv: string[]): RootfsCommand => ({
    root: o.rootfs.dir,
    uid: spec.uid,
    gid: spec.gid,
    env: { ...stage.env, ...env },
    argv,
  });
  const entry = stage.entrypoint;
  const dataDir = join(o.rootfs.dir, "data");
  writeRecorderFiles(dataDir, sim);

  await check("rootfs: replayd version", async () => {
    const r = await runInRootfs(inRoot({}, [...entry, "version"]));
    assert(r.code === 0 && /^replayd \S+/.test(r.stdout), `exit ${r.code}: ${tail(r.stdout + r.stderr)}`);
    return firstLine(r.stdout);
  });

  await check("rootfs: ffmpeg -version, ffprobe -version", async () => {
    const out: string[] = [];
    for (const name of ["FFMPEG_PATH", "FFPROBE_PATH"]) {
      const path = stage.env[name];
      assert(path, `the Dockerfile's ENV sets no ${name}`);
      const r = await runInRootfs(inRoot({}, [path, "-version"]));
      assert(r.code === 0, `${path} exit ${r.code}: ${tail(r.stderr)}`);
      out.push(firstLine(r.stdout).replace(/ Copyright.*/, ""));
    }
    return out.join("; ");
  });

  await check("rootfs: TLS roots compiled into replayd", async () => {
    // BUN_BE_BUN makes the executable the Bun runtime it embeds: the same TLS stack and root store.
    const script = `const { rootCertificates } = require("node:tls"); const { X509Certificate } = require("node:crypto");
      const names = rootCertificates.map((pem) => new X509Certificate(pem).subject);
      const want = ["ISRG Root X1", "DigiCert Global Root G2", "Amazon Root CA 1", "GlobalSign"];
      console.log(JSON.stringify({ roots: names.length, found: want.filter((w) => names.some((n) => n.includes("CN=" + w))), etcSsl: require("node:fs").existsSync("/etc/ssl") }));`;
    const r = await runInRootfs(inRoot({ BUN_BE_BUN: "1" }, [entry[0] as string, "-e", script]));
    assert(r.code === 0, `exit ${r.code}: ${tail(r.stderr)}`);
    const seen = JSON.parse(r.stdout) as { roots: number; found: string[]; etcSsl: boolean };
    assert(
      seen.roots > 100 && seen.found.length === 4,
      `only ${seen.roots} roots, found ${seen.found.join(", ")}`,
    );
    assert(!seen.etcSsl, "/etc/ssl exists in the image: the roots should not come from there");
    return `${seen.roots} roots in the binary, among them ${seen.found.join(", ")}; no /etc/ssl in the image`;
  });

  await check("rootfs: serve healthy, healthcheck, SIGTERM → exit 0", async () => {
    const port = freePort();
    // With the simulator as Twitch (no Twitch application needed), health has nothing to miss but what the
    // image may lack.
    const server = spawnInRootfs(
      inRoot({ PORT: String(port), TWITCH_SIMULATOR_URL: sim.url }, [...entry, ...stage.cmd]),
    );
    cleanups.push(() => server.proc.kill("SIGKILL"));
    const stderr = () => server.output();
    const health = await healthy(port).catch(async (err) => {
      throw new Error(`${(err as Error).message}; ${tail(stderr())}`);
    });
    assert(health.startsWith("ok"), `health says ${health}`);
    assert(stage.healthcheck, "the Dockerfile has no HEALTHCHECK");
    const hc = await runInRootfs(inRoot({ PORT: String(port) }, stage.healthcheck.cmd));
    assert(
      hc.code === 0,
      `${stage.healthcheck.cmd.join(" ")} exit ${hc.code}: ${tail(hc.stderr + hc.stdout)}`,
    );
    const pid = await server.programPid();
    const stopAt = performance.now();
    process.kill(pid, "SIGTERM");
    const code = await withTimeout(
      server.proc.exited,
      30_000,
      () => `no exit within 30 s of SIGTERM: ${tail(stderr())}`,
    );
    assert(code === 0, `exit ${code} after SIGTERM: ${tail(stderr())}`);
    return `GET /api/v1/health on :${port} → ${health}; ${stage.healthcheck.cmd.join(" ")} → 0 (${firstLine(hc.stdout)}); SIGTERM → exit 0 in ${Math.round(performance.now() - stopAt)} ms`;
  });

  await check("rootfs: TLS refused without the simulator's CA", async () => {
    await goLive(sim);
    const r = await runInRootfs(
      inRoot({ TWITCH_SIMULATOR_URL: sim.url }, [...entry, "record", CHANNELS[0].login]),
      60_000,
    );
    assert(r.code !== 0, "record succeeded against a certificate nothing trusts");
    const why = /(self[- ]signed|unable to (get|verify)[^"\n]*|certificate[^"\n]*)/i.exec(r.stderr)?.[0];
    assert(why, `exit ${r.code} but not for the certificate: ${tail(r.stderr)}`);
    return `exit ${r.code}: "${why}"`;
  });

  await check("rootfs: record H.264, HEVC, AV1 over HTTPS; ffprobe the parts", async () => {
    await goLive(sim);
    const rec = spawnInRootfs(
      inRoot(recorderEnv(sim), [...entry, "record", ...CHANNELS.map((c) => c.login)]),
    );
    cleanups.push(() => rec.proc.kill("SIGKILL"));
    const code = await recordWhileLive(sim, rec.output, rec.proc.exited);
    assert(code === 0, `record exit ${code}: ${tail(rec.output())}`);
    return checkRecordings(dataDir, join(o.sources.ffmpeg, "ffprobe"));
  });
}

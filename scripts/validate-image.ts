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
import { Database } from "bun:sqlite";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { type FinalStage, numericUser, parseFinalStage } from "./image/dockerfile.ts";
import {
  assembleRootfs,
  DOCKERFILE_PATH,
  type Entry,
  ROOT,
  readManifest,
  sourcePath,
  withManifest,
} from "./image/manifest.ts";
import { type RootfsCommand, runInRootfs, spawnCollecting, spawnInRootfs } from "./image/rootfs-run.ts";
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

const BUN = process.execPath;
const CACHE = process.env.REPLAYD_CACHE || "/var/cache/replayd";
const MIB = 2 ** 20;
const SIZE_LIMIT_MIB = 140;
const IMAGE = "localhost/replayd:validate";
const PODMAN_GLOBAL = ["--runtime", "runc", "--cgroup-manager=cgroupfs"];
const PODMAN_RUN = ["--ulimit", "nofile=20000:20000", "--ulimit", "nproc=32768:32768", "--network=host"];
const started = performance.now();

// ── output ──────────────────────────────────────────────────────────────────────────────────────────────

const results: { name: string; ok: boolean }[] = [];
const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

class Fatal extends Error {}

/** Runs one check: ✓ with what it returned, or ✗ with why. Returns whether it passed. */
async function check(name: string, fn: () => Promise<string> | string): Promise<boolean> {
  const at = performance.now();
  try {
    const detail = await fn();
    console.log(`✓ ${name}: ${detail} (${secs(performance.now() - at)})`);
    results.push({ name, ok: true });
    return true;
  } catch (err) {
    console.log(`✗ ${name}: ${(err as Error).message} (${secs(performance.now() - at)})`);
    results.push({ name, ok: false });
    return false;
  }
}

/** A check the rest depends on: its failure ends the run. */
async function must(name: string, fn: () => Promise<string> | string) {
  if (!(await check(name, fn))) throw new Fatal(`${name} failed: the checks after it cannot run`);
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

// ── processes ───────────────────────────────────────────────────────────────────────────────────────────

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a host command to its end; stderr is passed through when `echo` (long builds say what they do). */
async function run(
  argv: string[],
  options: { echo?: boolean; env?: Record<string, string>; cwd?: string } = {},
) {
  const proc = Bun.spawn(argv, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const stderr = (async () => {
    let text = "";
    const decoder = new TextDecoder();
    for await (const chunk of proc.stderr) {
      const part = decoder.decode(chunk, { stream: true });
      text += part;
      if (options.echo) process.stderr.write(part.replace(/^(?=.)/gm, "    "));
    }
    return text;
  })();
  const [code, stdout, err] = await Promise.all([proc.exited, new Response(proc.stdout).text(), stderr]);
  return { code, stdout, stderr: err } satisfies Ran;
}

async function runOk(argv: string[], options: Parameters<typeof run>[1] = {}): Promise<Ran> {
  const r = await run(argv, options);
  if (r.code !== 0)
    throw new Error(`${argv.slice(0, 3).join(" ")} exited ${r.code}: ${tail(r.stderr || r.stdout)}`);
  return r;
}

const tail = (text: string, lines = 4) => text.trim().split("\n").slice(-lines).join(" | ");
const firstLine = (text: string) => text.trim().split("\n")[0] ?? "";

function freePort(): number {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = server.port as number;
  server.stop(true);
  return port;
}

/** Polls until `probe` returns a value (not undefined), or throws after `timeoutMs`. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown = null;
  while (performance.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await Bun.sleep(25);
  }
  throw new Error(`${what}: not within ${secs(timeoutMs)}${last ? ` (${(last as Error).message})` : ""}`);
}

/** The promise's value, or an error after `ms` (the timer cleared either way). */
async function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** GET /api/v1/health until it answers 200; returns its status field. */
async function healthy(port: number, timeoutMs = 30_000): Promise<string> {
  return until(
    `GET http://127.0.0.1:${port}/api/v1/health`,
    async () => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (res.status !== 200) return undefined;
      const body = (await res.json()) as { status: string; reasons?: string[] };
      return `${body.status}${body.reasons?.length ? ` (${body.reasons.join("; ")})` : ""}`;
    },
    timeoutMs,
  );
}

// ── the recording check, shared by the rootfs and podman runs ───────────────────────────────────────────

const CHANNELS = [
  { login: "kitchen_lab", codec: "h264" },
  { login: "speedrun_sam", codec: "hevc" },
  { login: "night_owl_music", codec: "av1" },
] as const;
const RECORD_SEGMENTS = 8;

/** Makes the channels live (those that are not yet). */
async function goLive(sim: TlsSimulator) {
  for (const { login, codec } of CHANNELS)
    if (!(await sim.channel(login)).live)
      await sim.control(`/channels/${login}/live`, {
        codec,
        ladder: ["360p30"],
        segment_seconds: 1,
        bitrate_kbps: 400,
      });
}

/**
 * Waits for `record` to have started every channel (its log says so), lets RECORD_SEGMENTS segments pass, ends
 * the broadcasts, and waits for `record` to exit. Returns its exit code.
 */
async function recordWhileLive(
  sim: TlsSimulator,
  log: () => string,
  exited: Promise<number>,
): Promise<number> {
  let code: number | null = null;
  exited.then((c) => {
    code = c;
  });
  await until(
    "replayd record to start every channel",
    async () => {
      if (code !== null) throw new Error(`record exited ${code} early: ${tail(log(), 3)}`);
      return (log().match(/recording started/g)?.length ?? 0) >= CHANNELS.length ? true : undefined;
    },
    90_000,
  ).catch((err) => {
    throw new Error(`${(err as Error).message}; its log: ${tail(log(), 6)}`);
  });
  const from = await Promise.all(CHANNELS.map(async (c) => (await sim.channel(c.login)).sequence));
  await until(
    `${RECORD_SEGMENTS} more segments`,
    async () => {
      const now = await Promise.all(CHANNELS.map(async (c) => (await sim.channel(c.login)).sequence));
      return now.every((n, i) => n - (from[i] ?? 0) >= RECORD_SEGMENTS) ? true : undefined;
    },
    60_000,
  );
  for (const { login } of CHANNELS) await sim.control(`/channels/${login}/offline`, { end: "endlist" });
  return withTimeout(
    exited,
    90_000,
    () => `record did not exit within 90 s of the broadcasts' end: ${tail(log(), 3)}`,
  );
}

/** Reads the recordings from the data folder: every video DONE, each part checked by ffprobe (outside). */
async function checkRecordings(dataDir: string, ffprobe: string): Promise<string> {
  const db = new Database(join(dataDir, "replayd.db"), { readonly: true });
  try {
    const rows = db
      .query<
        {
          login: string;
          status: string;
          completion_kind: string;
          filename: string;
          codec: string;
          duration_seconds: number;
          thumbnail: string | null;
        },
        []
      >(
        `SELECT c.broadcaster_login AS login, v.status, v.completion_kind, p.filename, p.codec, p.duration_seconds, p.thumbnail
           FROM videos v JOIN channels c ON c.broadcaster_id = v.broadcaster_id
           JOIN video_parts p ON p.video_id = v.id ORDER BY v.id DESC, p.part_index`,
      )
      .all();
    const seen: string[] = [];
    for (const { login, codec } of CHANNELS) {
      const row = rows.find((r) => r.login === login);
      assert(row, `no recording of ${login}`);
      assert(row.status === "DONE", `${login}: status ${row.status} (${row.completion_kind})`);
      const file = join(dataDir, "videos", row.filename);
      const probe = await runOk([
        ffprobe,
        "-v",
        "error",
        "-print_format",
        "json",
        "-show_format",
        "-show_streams",
        file,
      ]);
      const info = JSON.parse(probe.stdout) as {
        format: { duration: string };
        streams: { codec_type: string; codec_name: string; width?: number }[];
      };
      const video = info.streams.find((s) => s.codec_type === "video");
      const audio = info.streams.find((s) => s.codec_type === "audio");
      const duration = Number(info.format.duration);
      assert(
        video?.codec_name === codec,
        `${login}: video is ${video?.codec_name ?? "missing"}, expected ${codec}`,
      );
      assert(audio?.codec_name === "aac", `${login}: audio is ${audio?.codec_name ?? "missing"}`);
      assert(
        duration >= RECORD_SEGMENTS - 1,
        `${login}: ${duration} s recorded, expected ≥ ${RECORD_SEGMENTS - 1}`,
      );
      // The stills, made inside by the static ffmpeg (decoding this codec, scaling, tiling, mjpeg).
      assert(row.thumbnail, `${login}: no thumbnail (the static ffmpeg could not decode ${codec}?)`);
      const thumb = join(dataDir, row.thumbnail);
      const still = JSON.parse(
        (await runOk([ffprobe, "-v", "error", "-print_format", "json", "-show_streams", thumb])).stdout,
      ).streams[0] as { codec_name: string; width: number };
      assert(still.codec_name === "mjpeg", `${login}: thumbnail is ${still.codec_name}`);
      const strip = thumb.replace(/\.jpg$/, "-strip.jpg");
      assert(existsSync(strip), `${login}: no hover strip at ${basename(strip)}`);
      seen.push(
        `${login} ${codec}+aac ${duration.toFixed(1)} s ${mib(statSync(file).size)} + jpeg ${still.width}px + strip`,
      );
    }
    return seen.join("; ");
  } finally {
    db.close();
  }
}

// ── main ────────────────────────────────────────────────────────────────────────────────────────────────

const scratch = mkdtempSync(join(tmpdir(), "replayd-image-"));
let sim: TlsSimulator | null = null;
const cleanups: (() => Promise<unknown> | unknown)[] = [];

try {
  if (process.getuid?.() !== 0) throw new Fatal("run as root: unshare, chroot, apt-get and podman need it");
  for (const tool of ["unshare", "chroot", "ldd", "openssl", "ffmpeg", "ffprobe"])
    if (!Bun.which(tool))
      throw new Fatal(`${tool} is not installed (scripts/ensure-system.sh installs ffmpeg)`);

  const entries = readManifest();
  const dockerfile = readFileSync(DOCKERFILE_PATH, "utf8");
  const stage: FinalStage = parseFinalStage(dockerfile);
  const [uid, gid] = numericUser(stage.user);
  const binary = join(ROOT, "dist", "replayd");

  await must("Dockerfile rendered from the manifest", () => {
    assert(
      withManifest(dockerfile, entries) === dockerfile,
      "docker/Dockerfile differs: run scripts/image/manifest.ts --write",
    );
    return `${entries.length} entries, USER ${stage.user}, ENV ${Object.keys(stage.env).join(" ")}`;
  });

  // ── 1. the pieces ──
  if (!opts["skip-build"]) {
    await must("replayd binary", async () => {
      await runOk([BUN, "scripts/dashboard.ts", "--if-stale"], { echo: true });
      await runOk([BUN, "scripts/build.ts", "--skip-dashboard"]);
      return `dist/replayd ${mib(statSync(binary).size)}`;
    });
  }
  await must("glibc files", async () => {
    const ldd = (await runOk(["ldd", binary])).stdout;
    const linked = [...ldd.matchAll(/^\s*(?:\S+ => )?(\/\S+) \(0x/gm)].map((m) => m[1] as string);
    const listed = entries.filter((e) => e.source.kind === "base");
    const names = (paths: string[]) => paths.map((p) => basename(p)).sort();
    assert(
      JSON.stringify(names(linked)) === JSON.stringify(names(listed.map((e) => e.path))),
      `ldd dist/replayd names ${names(linked).join(" ")}; the manifest lists ${names(listed.map((e) => e.path)).join(" ")}`,
    );
    const loader = linked.find((p) => p.includes("ld-linux"));
    assert(
      loader && listed.some((e) => e.path === loader),
      `the loader ${loader} is not at that path in the manifest`,
    );
    return names(linked).join(" ");
  });

  let ffmpegDir = "";
  await must("static ffmpeg + ffprobe", async () => {
    const at = performance.now();
    ffmpegDir =
      (await runOk(["bash", "docker/build-ffmpeg.sh"], { echo: true })).stdout.trim().split("\n").pop() ?? "";
    const took = performance.now() - at;
    const sizes: string[] = [];
    for (const name of ["ffmpeg", "ffprobe"]) {
      const path = join(ffmpegDir, name);
      const ldd = await run(["ldd", path]);
      assert(/not a dynamic executable/.test(ldd.stdout + ldd.stderr), `${name} is dynamically linked`);
      sizes.push(`${name} ${mib(statSync(path).size)}`);
    }
    return `${sizes.join(", ")}, fully static; ${took < 30_000 ? "cached" : "built"} in ${secs(took)} (${ffmpegDir})`;
  });

  await check("replayd's media tests with the static ffmpeg", async () => {
    // Test fixtures are made with Debian's full ffmpeg (a lavfi test picture and tone encoded with x264/aac, or
    // TS segments joined with the concat: protocol): replayd never runs those. Every other ffmpeg, and every
    // ffprobe, the code under test starts is the static one. The shim logs which one each call got.
    const shim = join(scratch, "ffmpeg-shim");
    mkdirSync(shim);
    const log = join(scratch, "ffmpeg-shim.log");
    const debian = Bun.which("ffmpeg") as string;
    writeFileSync(
      join(shim, "ffmpeg"),
      `#!/bin/sh\nfor arg in "$@"; do case "$arg" in lavfi | concat:*) echo debian >>"${log}"; exec "${debian}" "$@" ;; esac; done\necho static >>"${log}"\nexec "${ffmpegDir}/ffmpeg" "$@"\n`,
      { mode: 0o755 },
    );
    writeFileSync(
      join(shim, "ffprobe"),
      `#!/bin/sh\necho probe >>"${log}"\nexec "${ffmpegDir}/ffprobe" "$@"\n`,
      {
        mode: 0o755,
      },
    );
    const tests = await run([BUN, "test", "src/media", "src/system/probes.test.ts"], {
      env: { PATH: `${shim}:${process.env.PATH}`, FORCE_COLOR: "0" },
    });
    const count = (word: string) =>
      Number(new RegExp(`^\\s*(\\d+) ${word}$`, "m").exec(tests.stderr)?.[1] ?? 0);
    const calls = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [];
    const by = (k: string) => calls.filter((c) => c === k).length;
    assert(tests.code === 0 && count("fail") === 0, `${count("fail")} failed: ${tail(tests.stderr, 8)}`);
    assert(by("static") > 0 && by("probe") > 0, "the static binaries were never called");
    return `${count("pass")} pass; static ffmpeg ran ${by("static")}×, static ffprobe ${by("probe")}×, Debian's ffmpeg ${by("debian")}× for fixtures`;
  });

  let baseRootfs = "";
  await must("Debian base", async () => {
    const at = performance.now();
    baseRootfs = (await runOk(["bash", "docker/debian-base.sh"], { echo: true })).stdout.trim();
    return `${baseRootfs} (${performance.now() - at < 30_000 ? "cached" : "made"} in ${secs(performance.now() - at)})`;
  });

  // ── 2. the root filesystem, without a container runtime ──
  const rootfs = join(scratch, "rootfs");
  mkdirSync(rootfs);
  chmodSync(rootfs, 0o755); // the root folder a user other than root must traverse
  let rootfsBytes = 0;
  await must("rootfs laid out from docker/rootfs.manifest", () => {
    rootfsBytes = assembleRootfs(entries, rootfs, { context: ROOT, base: baseRootfs, ffmpeg: ffmpegDir });
    // The mount points a runtime provides (not part of the image).
    for (const dir of ["proc", "dev"]) mkdirSync(join(rootfs, dir), { mode: 0o755 });
    assert(
      rootfsBytes <= SIZE_LIMIT_MIB * MIB,
      `${mib(rootfsBytes)} is over the ${SIZE_LIMIT_MIB} MiB target`,
    );
    return `${entries.length} entries, ${mib(rootfsBytes)} (target ≤ ${SIZE_LIMIT_MIB} MiB)`;
  });

  const inRoot = (env: Record<string, string>, argv: string[]): RootfsCommand => ({
    root: rootfs,
    uid,
    gid,
    env: { ...stage.env, ...env },
    argv,
  });
  const entry = stage.entrypoint;

  // The simulator (outside) over HTTPS; its CA goes in the data folder, where NODE_EXTRA_CA_CERTS finds it.
  sim = startTlsSimulator();
  // A config file in the data folder: AV1 is recorded only when the settings allow it, and a recording whose
  // broadcast ended waits max_restart_gap_seconds for a comeback before `record` exits (no variables for these).
  const caInRoot = "/data/validation-ca.pem";
  const configInRoot = "/data/config.toml";
  const CONFIG = "[recorder]\nenable_av1 = true\nmax_restart_gap_seconds = 1\n";
  writeFileSync(join(rootfs, caInRoot), sim.caPem);
  writeFileSync(join(rootfs, configInRoot), CONFIG);
  const twitch = { TWITCH_SIMULATOR_URL: sim.url, NODE_EXTRA_CA_CERTS: caInRoot, CONFIG_FILE: configInRoot };

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
      inRoot({ PORT: String(port), TWITCH_SIMULATOR_URL: twitch.TWITCH_SIMULATOR_URL }, [
        ...entry,
        ...stage.cmd,
      ]),
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
    await goLive(sim as TlsSimulator);
    const r = await runInRootfs(
      inRoot({ TWITCH_SIMULATOR_URL: (sim as TlsSimulator).url }, [...entry, "record", CHANNELS[0].login]),
      60_000,
    );
    assert(r.code !== 0, "record succeeded against a certificate nothing trusts");
    const why = /(self[- ]signed|unable to (get|verify)[^"\n]*|certificate[^"\n]*)/i.exec(r.stderr)?.[0];
    assert(why, `exit ${r.code} but not for the certificate: ${tail(r.stderr)}`);
    return `exit ${r.code}: "${why}"`;
  });

  await check("rootfs: record H.264, HEVC, AV1 over HTTPS; ffprobe the parts", async () => {
    const s = sim as TlsSimulator;
    await goLive(s);
    const rec = spawnInRootfs(inRoot(twitch, [...entry, "record", ...CHANNELS.map((c) => c.login)]));
    cleanups.push(() => rec.proc.kill("SIGKILL"));
    const code = await recordWhileLive(s, rec.output, rec.proc.exited);
    assert(code === 0, `record exit ${code}: ${tail(rec.output())}`);
    return checkRecordings(join(rootfs, "data"), join(ffmpegDir, "ffprobe"));
  });

  // ── 3. the real image, with podman ──
  if (opts["no-podman"]) {
    console.log("- podman: skipped (--no-podman)");
  } else {
    const podman = (...args: string[]) => ["podman", ...PODMAN_GLOBAL, ...args];
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
      assert(
        imageBytes <= SIZE_LIMIT_MIB * MIB,
        `${mib(imageBytes)} is over the ${SIZE_LIMIT_MIB} MiB target`,
      );
      return `${IMAGE} ${mib(imageBytes)} in ${secs(took)}`;
    });

    await check("image holds exactly the manifest", async () => {
      const cid = (await runOk(podman("create", IMAGE))).stdout.trim();
      try {
        const tar = join(scratch, "export.tar");
        await runOk(podman("export", "-o", tar, cid));
        const listing = (await runOk(["tar", "--numeric-owner", "-tvf", tar])).stdout;
        return compareWithManifest(listing, entries, { context: ROOT, base: baseRootfs, ffmpeg: ffmpegDir });
      } finally {
        await run(podman("rm", "-v", cid));
      }
    });

    await check("image configuration is the Dockerfile's", async () => {
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
      for (const [k, v] of Object.entries(stage.env))
        assert(c.Env.includes(`${k}=${v}`), `Env lacks ${k}=${v}`);
      assert(
        JSON.stringify(Object.keys(c.ExposedPorts ?? {})) ===
          JSON.stringify(stage.expose.map((p) => `${p}/tcp`)),
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
    });

    const volume = `replayd-validate-${process.pid}`;
    await runOk(podman("volume", "create", volume));
    cleanups.push(() => run(podman("volume", "rm", "-f", volume)));
    const volumeDir = (
      await runOk(podman("volume", "inspect", "--format", "{{.Mountpoint}}", volume))
    ).stdout.trim();
    const runArgs = (...args: string[]) => podman("run", ...PODMAN_RUN, ...args);

    await check("podman: version, ffmpeg -version", async () => {
      const v = await runOk(runArgs("--rm", IMAGE, "version"));
      const f = await runOk(
        runArgs("--rm", "--entrypoint", stage.env.FFMPEG_PATH as string, IMAGE, "-version"),
      );
      return `${firstLine(v.stdout)}; ${firstLine(f.stdout).replace(/ Copyright.*/, "")}`;
    });

    const caFile = join(volumeDir, basename(caInRoot));
    const twitchArgs = Object.entries(twitch).flatMap(([k, v]) => ["-e", `${k}=${v}`]);

    await check("podman: serve healthy (named volume for /data), HEALTHCHECK, stop → exit 0", async () => {
      const port = freePort();
      const name = `replayd-validate-serve-${process.pid}`;
      const simUrl = `TWITCH_SIMULATOR_URL=${twitch.TWITCH_SIMULATOR_URL}`;
      await runOk(
        runArgs("-d", "--name", name, "-e", `PORT=${port}`, "-e", simUrl, "-v", `${volume}:/data`, IMAGE),
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
      assert(owner.uid === uid, `the volume is owned by ${owner.uid}, not /data's owner ${uid}`);
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
      const s = sim as TlsSimulator;
      writeFileSync(caFile, s.caPem);
      writeFileSync(join(volumeDir, basename(configInRoot)), CONFIG);
      await goLive(s);
      const name = `replayd-validate-record-${process.pid}`;
      const rec = spawnCollecting(
        runArgs(
          "--rm",
          "--name",
          name,
          ...twitchArgs,
          "-v",
          `${volume}:/data`,
          IMAGE,
          "record",
          ...CHANNELS.map((c) => c.login),
        ),
        process.env,
      );
      cleanups.push(() => run(podman("rm", "-f", "-v", name)));
      const code = await recordWhileLive(s, rec.output, rec.proc.exited);
      assert(code === 0, `record exit ${code}: ${tail(rec.output())}`);
      return checkRecordings(volumeDir, join(ffmpegDir, "ffprobe"));
    });

    await check("podman save --format oci-archive", async () => {
      const out = join(ROOT, "dist", "replayd-image.oci.tar");
      rmSync(out, { force: true });
      await runOk(podman("save", "--format", "oci-archive", "-o", out, IMAGE));
      return `dist/replayd-image.oci.tar ${mib(statSync(out).size)}`;
    });
    if (imageBytes) console.log(`  image ${mib(imageBytes)}, rootfs ${mib(rootfsBytes)}`);
  }
} catch (err) {
  if (err instanceof Fatal) console.log(`✗ ${err.message}`);
  else console.log(`✗ unexpected: ${(err as Error).stack ?? err}`);
  results.push({ name: "run", ok: false });
} finally {
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
  await sim?.stop();
  if (opts.keep) console.log(`  kept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}

// Not "N passed, N failed": that line is the test suite's, which CI reads after this.
const failed = results.filter((r) => !r.ok).length;
const took = secs(performance.now() - started);
console.log(
  failed
    ? `image validation: ${failed} of ${results.length} checks failed (${took})`
    : `image validation: all ${results.length} checks passed (${took})`,
);
process.exit(failed ? 1 : 0);

/**
 * The exported container filesystem (tar -tv) against the manifest: every entry with its mode, owner and size,
 * and nothing else but the folders leading to them.
 */
function compareWithManifest(
  listing: string,
  entries: readonly Entry[],
  dirs: Parameters<typeof sourcePath>[1],
) {
  const found = new Map<string, { mode: string; owner: string; size: number }>();
  for (const line of listing.trim().split("\n")) {
    const m = /^(\S+)\s+(\d+)\/(\d+)\s+(\d+)\s+\S+\s+\S+\s+(.+)$/.exec(line);
    assert(m, `cannot read the listing line "${line}"`);
    const path = `/${(m[5] as string).replace(/^\.?\//, "").replace(/\/$/, "")}`;
    if (path === "/") continue;
    found.set(path, { mode: m[1] as string, owner: `${m[2]}:${m[3]}`, size: Number(m[4]) });
  }
  const parents = new Set<string>();
  for (const e of entries) {
    for (let at = e.path.lastIndexOf("/"); at > 0; at = e.path.lastIndexOf("/", at - 1))
      parents.add(e.path.slice(0, at));
    const got = found.get(e.path);
    assert(got, `${e.path} is missing`);
    const want = modeString(e);
    assert(got.mode === want, `${e.path}: ${got.mode}, expected ${want}`);
    assert(got.owner === `${e.uid}:${e.gid}`, `${e.path}: owner ${got.owner}, expected ${e.uid}:${e.gid}`);
    const from = sourcePath(e, dirs);
    if (from)
      assert(
        got.size === statSync(from).size,
        `${e.path}: ${got.size} bytes, its source ${statSync(from).size}`,
      );
  }
  const extra = [...found.keys()].filter((p) => !entries.some((e) => e.path === p) && !parents.has(p));
  assert(extra.length === 0, `not in the manifest: ${extra.join(", ")}`);
  return `${entries.length} entries with their modes, owners and sizes, nothing else (plus ${parents.size} parent folders)`;
}

function modeString(e: Entry): string {
  const type = e.source.kind === "dir" ? "d" : "-";
  const bits = ["r", "w", "x"];
  let s = "";
  for (let i = 8; i >= 0; i--) s += e.mode & (1 << i) ? (bits[(8 - i) % 3] as string) : "-";
  const chars = s.split("");
  if (e.mode & 0o1000) chars[8] = chars[8] === "x" ? "t" : "T";
  if (e.mode & 0o2000) chars[5] = chars[5] === "x" ? "s" : "S";
  if (e.mode & 0o4000) chars[2] = chars[2] === "x" ? "s" : "S";
  return type + chars.join("");
}

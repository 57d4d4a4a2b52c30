// The validation's first phase: what the image is made from. dist/replayd is built; the glibc files it links
// are the manifest's; the static ffmpeg + ffprobe are built or taken from the cache (docker/build-ffmpeg.sh)
// and replayd's media tests pass with them; the Debian base the glibc files come from is made or cached.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { assert, check, mib, must, secs } from "./checks.ts";
import { ROOT, type SourceDirs } from "./manifest.ts";
import { run, runOk, tail } from "./processes.ts";
import type { ImageSpec } from "./spec.ts";

const BUN = process.execPath;
const BINARY = join(ROOT, "dist", "replayd");

/** Builds or collects the pieces; returns where each of the manifest's sources is on this machine. */
export async function preparePieces(
  { entries }: ImageSpec,
  options: { scratch: string; skipBuild: boolean },
): Promise<SourceDirs> {
  if (!options.skipBuild) {
    await must("replayd binary", async () => {
      await runOk([BUN, "scripts/dashboard.ts", "--if-stale"], { echo: true });
      await runOk([BUN, "scripts/build.ts", "--skip-dashboard"]);
      return `dist/replayd ${mib(statSync(BINARY).size)}`;
    });
  }
  await must("glibc files", async () => {
    const ldd = (await runOk(["ldd", BINARY])).stdout;
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

  await check("replayd's media tests with the static ffmpeg", () =>
    mediaTestsWithStaticFfmpeg(ffmpegDir, options.scratch),
  );

  let baseRootfs = "";
  await must("Debian base", async () => {
    const at = performance.now();
    baseRootfs = (await runOk(["bash", "docker/debian-base.sh"], { echo: true })).stdout.trim();
    return `${baseRootfs} (${performance.now() - at < 30_000 ? "cached" : "made"} in ${secs(performance.now() - at)})`;
  });

  return { context: ROOT, base: baseRootfs, ffmpeg: ffmpegDir };
}

async function mediaTestsWithStaticFfmpeg(ffmpegDir: string, scratch: string): Promise<string> {
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
}

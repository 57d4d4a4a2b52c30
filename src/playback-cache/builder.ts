import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ReadyAsset } from "../db/repos/playback.repo.ts";
import { joinMp4 } from "../media/concat.ts";
import { probe } from "../media/ffprobe.ts";
import type { ProcessRunner } from "../process/process-runner.ts";
import { storageLayout } from "../storage/layout.ts";
import type { Storage } from "../storage/storage.ts";
import type { BuildPlan } from "./plan.ts";

/**
 * One build of a single playback file, start to finish. Local storage: ffmpeg reads the stored parts where
 * they are and writes beside them (`<file>.building`, renamed when checked). S3: the parts are copied to
 * `<scratch>/playback-cache/video-<id>/`, joined there, and the file uploaded. Only the cache's own files
 * are ever written or deleted: a failed build leaves the recording as it was.
 */

export interface BuilderDeps {
  storage: Storage;
  /** `<DATA_DIR>/scratch`. */
  scratchRoot: string;
  ffmpegPath: string;
  ffprobePath: string;
  processes?: ProcessRunner;
  timeoutMs: number;
}

/** A problem a retry will not fix (a part's file is gone, the joined file is not what the parts make). */
export class UnavailableError extends Error {
  override name = "UnavailableError";
}

type Plan = Extract<BuildPlan, { kind: "build" }>;

/** The joined file may differ from the parts' sum by a few frames per part, not more. */
export function durationMatches(joinedSeconds: number, partsSeconds: number, partCount: number): boolean {
  return Math.abs(joinedSeconds - partsSeconds) <= 1 + 0.5 * partCount;
}

/** Where a local build writes before its file is checked. */
const buildingKey = (key: string) => `${key}.building`;

/** A video's build folder in scratch (S3 builds). */
export const scratchDir = (scratchRoot: string, videoId: number) =>
  join(scratchRoot, "playback-cache", `video-${videoId}`);

export async function buildPlaybackFile(
  videoId: number,
  plan: Plan,
  deps: BuilderDeps,
  options: { signal: AbortSignal; onProgress: (fraction: number) => void },
): Promise<ReadyAsset> {
  const { storage } = deps;
  const keys = plan.parts.map((p) => storageLayout.videoFile(p.filename));
  for (const [i, key] of keys.entries()) {
    if ((await storage.size(key)) === null)
      throw new UnavailableError(`part ${plan.parts[i]?.part_index}'s file (${key}) is missing`);
  }
  const joinInto = (inputs: string[], output: string) =>
    joinMp4({
      inputs,
      output,
      totalSeconds: plan.totalSeconds,
      ffmpegPath: deps.ffmpegPath,
      processes: deps.processes,
      timeoutMs: deps.timeoutMs,
      signal: options.signal,
      onProgress: options.onProgress,
    });

  const finalPath = storage.localPath(plan.key);
  if (finalPath !== null) {
    const inputs = keys.map((key) => storage.localPath(key) as string);
    const output = storage.localPath(buildingKey(plan.key)) as string;
    try {
      await joinInto(inputs, output);
      const durationSeconds = await checkedDuration(output, plan, deps);
      await rename(output, finalPath);
      return ready(plan, durationSeconds, (await stat(finalPath)).size);
    } finally {
      await rm(output, { force: true });
    }
  }

  const dir = scratchDir(deps.scratchRoot, videoId);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  try {
    const inputs: string[] = [];
    for (const [i, key] of keys.entries()) {
      options.signal.throwIfAborted();
      const path = join(dir, `part${i + 1}.${plan.filename.split(".").pop()}`);
      await Bun.write(path, new Response(await storage.read(key)));
      inputs.push(path);
    }
    const output = join(dir, plan.filename);
    await joinInto(inputs, output);
    const durationSeconds = await checkedDuration(output, plan, deps);
    options.signal.throwIfAborted();
    await storage.putFile(plan.key, output, plan.mimeType);
    const size = (await storage.size(plan.key)) ?? (await stat(output)).size;
    return ready(plan, durationSeconds, size);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Removes what an interrupted build may have left: the local `.building` file, the S3 build folder. */
export async function removeBuildLeftovers(
  videoId: number,
  base: string,
  deps: Pick<BuilderDeps, "storage" | "scratchRoot">,
): Promise<void> {
  if (deps.storage.kind === "local") {
    for (const ext of ["mp4", "m4a"] as const)
      await deps.storage.delete(buildingKey(storageLayout.playback(base, ext)));
  }
  await rm(scratchDir(deps.scratchRoot, videoId), { recursive: true, force: true });
}

async function checkedDuration(file: string, plan: Plan, deps: BuilderDeps): Promise<number> {
  let seconds: number;
  try {
    seconds = (await probe(file, deps.ffprobePath, deps.processes)).durationSeconds;
  } catch (err) {
    throw new UnavailableError(`the joined file does not read back: ${(err as Error).message}`);
  }
  if (!durationMatches(seconds, plan.totalSeconds, plan.parts.length))
    throw new UnavailableError(
      `the joined file lasts ${seconds.toFixed(1)} s but its parts add up to ${plan.totalSeconds.toFixed(1)} s`,
    );
  return seconds;
}

function ready(plan: Plan, durationSeconds: number, sizeBytes: number): ReadyAsset {
  return {
    filename: plan.filename,
    mime_type: plan.mimeType,
    duration_seconds: durationSeconds,
    size_bytes: sizeBytes,
  };
}

import { mkdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Logger } from "../log/logger.ts";
import { type ProbeResult, probe } from "../media/ffprobe.ts";
import { thumbnailTime, writeStrip, writeThumbnail } from "../media/stills.ts";
import { computeWaveform } from "../media/waveform.ts";
import { bunProcessRunner, type ProcessRunner } from "../process/process-runner.ts";
import { storageLayout } from "../storage/layout.ts";
import type { Storage } from "../storage/storage.ts";
import type { PartState } from "./resume-state.ts";

export interface FinisherDeps {
  storage: Pick<Storage, "putFile" | "size" | "localPath">;
  ffmpegPath: string;
  ffprobePath: string;
  /** How ffmpeg and ffprobe are started (the real programs unless a test stands in fakes). */
  processes?: ProcessRunner;
  scratchDir: string;
  log: Pick<Logger, "warn">;
}

/**
 * A finished part file goes to storage (in place for local storage, uploaded from scratch for S3) after an
 * ffprobe check: from then on it is playable. Returns its measured duration and size.
 */
export async function storePart(
  part: PartState,
  deps: FinisherDeps,
): Promise<{ durationSeconds: number; sizeBytes: number }> {
  let info = await probe(part.path, deps.ffprobePath, deps.processes);
  if (needsHealing(info)) {
    deps.log.warn(
      { part: part.index, format: info.durationSeconds },
      "container and stream durations disagree: remuxing",
    );
    info = await heal(part.path, deps);
  }
  const durationSeconds = info.durationSeconds || part.duration_seconds;
  await deps.storage.putFile(part.key, part.path, part.variant.audio_only ? "audio/mp4" : "video/mp4");
  const sizeBytes = (await deps.storage.size(part.key)) ?? part.size_bytes;
  return { durationSeconds, sizeBytes };
}

export interface PartStills {
  thumbnailKey: string | null;
  stripKey: string | null;
  /** Audio-only parts: the peaks JSON for the waveform. */
  waveformKey: string | null;
}

/** A container that says much more (or less) than its main stream holds confuses players' seeking. */
export function needsHealing(info: ProbeResult): boolean {
  const stream = info.video?.durationSeconds ?? info.audio?.durationSeconds ?? null;
  return stream !== null && Math.abs(info.durationSeconds - stream) > 50;
}

/** Copy-remuxes the file into a fresh one and keeps it only if it probes better. */
async function heal(path: string, deps: FinisherDeps): Promise<ProbeResult> {
  const healed = `${path}.healed.mp4`;
  const proc = (deps.processes ?? bunProcessRunner).spawn([
    deps.ffmpegPath,
    "-nostdin",
    "-v",
    "error",
    "-y",
    "-i",
    path,
    "-c",
    "copy",
    "-f",
    "mp4",
    healed,
  ]);
  if ((await proc.exited) === 0) {
    const info = await probe(healed, deps.ffprobePath, deps.processes).catch(() => null);
    if (info && !needsHealing(info)) {
      await rename(healed, path);
      return info;
    }
  }
  await rm(healed, { force: true });
  return probe(path, deps.ffprobePath, deps.processes);
}

/**
 * The part's hero thumbnail and hover strip, made after the part is already playable. Best effort: a
 * recording without a thumbnail is still a recording. The local copy of an S3 part is removed afterwards.
 */
export async function makeStills(part: PartState, baseName: string, deps: FinisherDeps): Promise<PartStills> {
  const stills: PartStills = { thumbnailKey: null, stripKey: null, waveformKey: null };
  if (part.variant.audio_only && part.duration_seconds > 0) {
    const key = storageLayout.partWaveform(baseName, part.index);
    const path = deps.storage.localPath(key) ?? join(deps.scratchDir, key.replaceAll("/", "_"));
    try {
      const waveform = await computeWaveform(
        part.path,
        part.duration_seconds,
        deps.ffmpegPath,
        deps.processes,
      );
      await mkdir(dirname(path), { recursive: true });
      await Bun.write(path, JSON.stringify(waveform));
      await deps.storage.putFile(key, path, "application/json");
      stills.waveformKey = key;
    } catch (err) {
      deps.log.warn({ err, part: part.index }, "could not make the waveform for this part");
    }
    if (deps.storage.localPath(key) === null) await rm(path, { force: true });
  }
  if (!part.variant.audio_only && part.duration_seconds > 0) {
    const tools = { ffmpegPath: deps.ffmpegPath, processes: deps.processes };
    const jobs = [
      { key: storageLayout.partThumbnail(baseName, part.index), field: "thumbnailKey" as const },
      { key: storageLayout.partStrip(baseName, part.index), field: "stripKey" as const },
    ];
    await Promise.all(
      jobs.map(async ({ key, field }) => {
        const path = deps.storage.localPath(key) ?? join(deps.scratchDir, key.replaceAll("/", "_"));
        try {
          await mkdir(dirname(path), { recursive: true });
          if (field === "thumbnailKey") {
            await writeThumbnail(part.path, path, thumbnailTime(part.duration_seconds), tools);
          } else {
            await writeStrip(part.path, path, part.duration_seconds, tools);
          }
          await deps.storage.putFile(key, path, "image/jpeg");
          stills[field] = key;
        } catch (err) {
          deps.log.warn({ err, part: part.index, still: field }, "could not make a still for this part");
        }
        if (deps.storage.localPath(key) === null) await rm(path, { force: true });
      }),
    );
  }
  if (deps.storage.localPath(part.key) !== part.path) await rm(part.path, { force: true });
  return stills;
}

import { basename } from "node:path";
import type { RecordingRepository } from "../db/repos/recordings.repo.ts";
import type { VideoRepository } from "../db/repos/videos.repo.ts";
import { ConflictError } from "../domain/errors.ts";
import type { JsonObject } from "../domain/json.ts";
import type { Video } from "../domain/videos.ts";
import type { RecordingJournal, RecordingProgress } from "./journal.ts";
import { gapMarkers, type PartState } from "./resume-state.ts";

/** What the journal writes in the database. */
export interface JournalStore {
  recordings: Pick<
    RecordingRepository,
    "checkpoint" | "addPart" | "selectVariant" | "dropPart" | "finalizePart" | "listParts"
  >;
  videos: Pick<VideoRepository, "setThumbnail">;
}

/** Runs one database write of the journal until it is saved (or throws); `what` names it in logs. */
export type DurableWrite = <T>(what: string, write: () => Promise<T>) => Promise<T>;

/**
 * A recording's journal kept in the database: checkpoints (with the gap markers when they changed), parts
 * as they open, drop and finish, stills and the first live snapshot as the video's picture. A part's rows
 * go through `durable`: a write that fails (a connection lost, the database away a while) would otherwise
 * fail the recording. Checkpoints need not (the next one carries the same state).
 */
export function databaseJournal(options: {
  repo: JournalStore;
  video: Video;
  jobId: string;
  onProgress: (progress: RecordingProgress) => void;
  onPlaced: RecordingJournal["placed"];
  onPartNote?: RecordingJournal["partNote"];
  durable: DurableWrite;
}): RecordingJournal {
  const { repo, video, jobId, durable } = options;
  const partIds = new Map<number, number>();
  const partId = async (index: number) => {
    if (!partIds.has(index)) {
      const parts = await durable("the parts' list", () => repo.recordings.listParts(video.id));
      for (const part of parts) partIds.set(part.part_index, part.id);
    }
    return partIds.get(index);
  };
  // The gap markers go with a checkpoint only when they changed (most checkpoints are content only).
  let savedGaps: string | null = null;
  return {
    checkpoint: async (state) => {
      const gaps = gapMarkers(state);
      const key = JSON.stringify(gaps);
      const changed = key !== savedGaps;
      await repo.recordings.checkpoint(jobId, state as unknown as JsonObject, changed ? gaps : undefined);
      if (changed) savedGaps = key;
    },
    partOpened: async (part, state) => {
      const row = {
        video_id: video.id,
        part_index: part.index,
        filename: basename(part.key),
        quality: part.variant.name,
        fps: part.variant.fps,
        codec: part.variant.codec,
        segment_format: part.format,
        start_media_seq: part.start_sequence,
      };
      const created = await durable(`part ${part.index}`, async () => {
        try {
          return await repo.recordings.addPart(row, state as unknown as JsonObject);
        } catch (err) {
          // A connection lost after the COMMIT but before its answer: the earlier attempt landed (with
          // its checkpoint, in the same transaction), and this one finds its row.
          if (!(err instanceof ConflictError)) throw err;
          const landed = (await repo.recordings.listParts(video.id)).find(
            (p) =>
              p.part_index === row.part_index &&
              p.filename === row.filename &&
              p.start_media_seq === row.start_media_seq,
          );
          if (!landed) throw err;
          return landed;
        }
      });
      partIds.set(part.index, created.id);
      if (part.index === 1) {
        const variant = { quality: qualityLabel(part), fps: part.variant.fps };
        await durable("the rendition recorded", () => repo.recordings.selectVariant(jobId, variant));
      }
    },
    partDropped: async (part, state) => {
      await durable(`part ${part.index}'s removal`, () =>
        repo.recordings.dropPart(video.id, part.index, state as unknown as JsonObject),
      );
      partIds.delete(part.index);
    },
    partFinished: async (part) => {
      const id = await partId(part.index);
      if (id !== undefined)
        await durable(`part ${part.index}'s end`, () =>
          repo.recordings.finalizePart(id, partResult(part, null)),
        );
    },
    partStills: async (part, stills) => {
      const id = await partId(part.index);
      const thumbnail = stills.thumbnailKey;
      if (id !== undefined && thumbnail)
        await durable(`part ${part.index}'s thumbnail`, () =>
          repo.recordings.finalizePart(id, partResult(part, thumbnail)),
        );
    },
    snapshot: async (key, index) => {
      if (index === 0) await repo.videos.setThumbnail(video.id, key);
    },
    progress: options.onProgress,
    placed: options.onPlaced,
    partNote: options.onPartNote,
  };
}

function qualityLabel(part: PartState): string {
  return part.variant.audio_only ? "audio_only" : `${part.variant.height}p`;
}

function partResult(part: PartState, thumbnail: string | null) {
  return {
    duration_seconds: part.duration_seconds,
    size_bytes: part.size_bytes,
    thumbnail,
    end_media_seq: part.end_sequence,
  };
}

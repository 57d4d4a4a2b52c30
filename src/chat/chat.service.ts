import type { ChatDirection, ChatSearchCursor } from "../db/repos/chat.repo.ts";
import type { Repository } from "../db/repository.ts";
import type { ChatGap, ChatMessage, StoredChatLine } from "../domain/chat.ts";
import { NotFoundError } from "../domain/errors.ts";
import type { VideoDetail } from "../domain/videos.ts";
import { type ChatExportFormat, chatExportChunks } from "./chat-export.ts";
import { chatMessageOf } from "./stored-line.ts";

export interface ChatServiceDeps {
  repo: Pick<Repository, "chat" | "videos">;
  /** Where browsers load Twitch's images (Twitch's CDN, or the simulator's origin or proxy). */
  imagesBase: string;
  /** Lines read per query by the export (default 1,000). */
  exportBatch?: number;
}

export interface ChatPageInput {
  offset_seconds: number;
  limit: number;
  direction?: ChatDirection;
}

export interface ChatPageAnswer {
  messages: ChatMessage[];
  /** Where the next page that way starts (ask again from there), or null when there is nothing more. */
  next_offset_seconds: number | null;
}

export interface ChatSummary {
  count: number;
  gaps: ChatGap[];
  /** An emote's image: replace `{id}` with the emote id and `{theme}` with `light` or `dark`. */
  emote_url_template: string;
}

export interface ChatExport {
  filename: string;
  contentType: string;
  /** The file, a batch of lines at a time (nothing else is held in memory). */
  chunks: AsyncIterable<string>;
}

/** Twitch's emote image path (v2: `default` picks the animated image when there is one). */
export function emoteUrlTemplate(imagesBase: string): string {
  return `${imagesBase.replace(/\/+$/, "")}/emoticons/v2/{id}/default/{theme}/1.0`;
}

/**
 * A recording's chat as viewers read it: a page at a position of the player, search, the gaps, and the
 * export. Any signed-in viewer sees the chat of any video the library shows; a removed video has none
 * (NotFound, as for an unknown one).
 */
export class ChatService {
  constructor(private readonly deps: ChatServiceDeps) {}

  /** @throws NotFoundError */
  async page(videoId: number, input: ChatPageInput): Promise<ChatPageAnswer> {
    await this.visible(videoId);
    const page = await this.deps.repo.chat.page(videoId, {
      offsetMs: Math.round(input.offset_seconds * 1000),
      limit: input.limit,
      direction: input.direction ?? "after",
    });
    return {
      messages: page.lines.map(chatMessageOf),
      next_offset_seconds: page.next_offset_ms === null ? null : page.next_offset_ms / 1000,
    };
  }

  /** @throws NotFoundError */
  async search(
    videoId: number,
    query: string,
    options: { cursor?: ChatSearchCursor | null; limit: number },
  ): Promise<{ hits: ChatMessage[]; next_cursor: ChatSearchCursor | null }> {
    await this.visible(videoId);
    const found = await this.deps.repo.chat.search(videoId, query, options);
    return { hits: found.hits.map(chatMessageOf), next_cursor: found.next_cursor };
  }

  /** @throws NotFoundError */
  async summary(videoId: number): Promise<ChatSummary> {
    await this.visible(videoId);
    const [count, gaps] = await Promise.all([
      this.deps.repo.chat.count(videoId),
      this.deps.repo.chat.gaps(videoId),
    ]);
    return { count, gaps, emote_url_template: emoteUrlTemplate(this.deps.imagesBase) };
  }

  /** The download: TwitchDownloader's chat JSON, or plain text. @throws NotFoundError */
  async export(videoId: number, format: ChatExportFormat, now: Date = new Date()): Promise<ChatExport> {
    const video = await this.video(videoId);
    return {
      filename: `${video.filename}-chat.${format}`,
      contentType: format === "json" ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
      chunks: chatExportChunks(
        format,
        video,
        decoded(this.deps.repo.chat.exportBatches(videoId, this.deps.exportBatch ?? 1000)),
        now,
      ),
    };
  }

  /** The cheap check pages and searches make (the export reads the whole video row: it needs it). */
  private async visible(videoId: number): Promise<void> {
    if (!(await this.deps.repo.chat.hasVideo(videoId))) throw new NotFoundError(`no video ${videoId}`);
  }

  private async video(videoId: number): Promise<VideoDetail> {
    const video = await this.deps.repo.videos.getById(videoId);
    if (!video || video.deleted_at !== null) throw new NotFoundError(`no video ${videoId}`);
    return video;
  }
}

async function* decoded(batches: AsyncIterable<StoredChatLine[]>): AsyncIterable<ChatMessage[]> {
  for await (const batch of batches) yield batch.map(chatMessageOf);
}

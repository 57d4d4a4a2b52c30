import type { Repository } from "../db/repository.ts";
import type { CompletionKind, VideoStatus } from "../domain/videos.ts";
import type { Delivery, FrozenPart } from "../domain/webhooks.ts";
import { PART_DOWNLOAD_TTL_SECONDS, type PartDownloadSigner } from "./signed-url.ts";

export interface PayloadPart extends FrozenPart {
  /** A signed, expiring link to the part's bytes (completed recordings that still exist only). */
  download_url?: string;
}

/** Version 1 of the body a receiver gets; fields a recording does not have are left out. */
export interface WebhookPayload {
  version: 1;
  event: Delivery["event"];
  test?: true;
  video_id: number | null;
  status?: VideoStatus;
  completion_kind?: CompletionKind;
  truncated?: boolean;
  broadcaster_id?: string;
  broadcaster_login?: string;
  broadcaster_name?: string;
  title?: string;
  category?: { id: string; name: string };
  started_at?: string;
  ended_at?: string;
  duration_seconds?: number;
  total_size_bytes?: number;
  error?: string;
  message?: string;
  parts: PayloadPart[];
}

export interface PayloadDeps {
  repo: Pick<Repository, "videos">;
  signer: PartDownloadSigner;
  /** The origin receivers reach this server at (PUBLIC_BASE_URL, else the listening address). */
  origin: string;
  now?: () => number;
}

/** The body of a test message: no recording, just proof that the URL and the secret work. */
export function testPayload(): WebhookPayload {
  return {
    version: 1,
    event: "recording.test",
    test: true,
    video_id: null,
    message: "A test message from replayd: the URL and the signature work.",
    parts: [],
  };
}

export class PayloadError extends Error {
  override name = "PayloadError";
}

/**
 * The body of a delivery, and the parts list to freeze when this is the first time it is built (so a
 * retry after the video's deletion still describes what was recorded).
 */
export async function buildPayload(
  delivery: Delivery,
  deps: PayloadDeps,
): Promise<{ payload: WebhookPayload; freeze: FrozenPart[] | null }> {
  if (delivery.event === "recording.test" || delivery.video_id === null) {
    return { payload: testPayload(), freeze: null };
  }
  const video = await deps.repo.videos.getById(delivery.video_id);
  if (!video) throw new PayloadError(`video ${delivery.video_id} no longer exists`);
  const current: FrozenPart[] = video.parts
    .filter((p) => p.finalized_at !== null)
    .map((p) => ({
      part_index: p.part_index,
      path: `videos/${p.filename}`,
      size_bytes: p.size_bytes,
      duration_seconds: p.duration_seconds,
    }));
  const parts = delivery.frozen_parts ?? current;
  const now = deps.now ?? Date.now;
  const linkable = delivery.event === "recording.completed" && video.deleted_at === null;
  const ttl = linkTtlSeconds(video.retention_due_at, now());
  const origin = deps.origin.replace(/\/+$/, "");
  const payload: WebhookPayload = {
    version: 1,
    event: delivery.event,
    video_id: video.id,
    status: video.status,
    completion_kind: video.completion_kind,
    truncated: video.truncated,
    broadcaster_id: video.broadcaster_id,
    broadcaster_login: video.broadcaster_login,
    broadcaster_name: video.broadcaster_name,
    title: video.title,
    ...(video.primary_category
      ? { category: { id: video.primary_category.id, name: video.primary_category.name } }
      : {}),
    started_at: video.start_download_at,
    ...(video.downloaded_at ? { ended_at: video.downloaded_at } : {}),
    ...(video.duration_seconds !== null ? { duration_seconds: video.duration_seconds } : {}),
    ...(video.size_bytes !== null ? { total_size_bytes: video.size_bytes } : {}),
    ...(video.error ? { error: video.error } : {}),
    parts: parts.map((p) =>
      linkable
        ? { ...p, download_url: `${origin}${deps.signer.path(video.id, p.part_index, ttl)}` }
        : { ...p },
    ),
  };
  return { payload, freeze: delivery.frozen_parts ? null : current };
}

/** Links live a week, but not past the recording's retention deadline (it is deleted then). */
function linkTtlSeconds(retentionDueAt: string | null, now: number): number {
  if (!retentionDueAt) return PART_DOWNLOAD_TTL_SECONDS;
  const left = Math.floor((Date.parse(retentionDueAt) - now) / 1000);
  return Math.max(60, Math.min(PART_DOWNLOAD_TTL_SECONDS, left));
}

/**
 * Where receivers fetch parts from: PUBLIC_BASE_URL, else the address the server listens on (a wildcard
 * listen address becomes localhost, which only a receiver on this machine can reach: set PUBLIC_BASE_URL).
 */
export function downloadOrigin(publicBaseUrl: string, listening: { hostname: string; port: number }): string {
  if (publicBaseUrl) return publicBaseUrl.replace(/\/+$/, "");
  const wildcard = ["0.0.0.0", "::", ""].includes(listening.hostname);
  const host = wildcard ? "localhost" : listening.hostname;
  return `http://${host.includes(":") ? `[${host}]` : host}:${listening.port}`;
}

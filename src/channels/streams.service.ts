import type { Repository } from "../db/repository.ts";
import type { HelixClient } from "../twitch/helix.client.ts";

/** A followed channel live now, as Twitch describes it, with the channel's picture. */
export interface FollowedLiveStream {
  stream_id: string;
  broadcaster_id: string;
  broadcaster_login: string;
  broadcaster_name: string;
  profile_image_url: string | null;
  game_id: string;
  game_name: string;
  type: string;
  title: string;
  language: string;
  viewer_count: number;
  started_at: string;
  thumbnail_url: string;
  tags: string[];
}

/** Streams: the ones replayd knows to be live, a channel's past ones, and the caller's followed live now. */
export class StreamService {
  constructor(
    private readonly deps: {
      repo: Pick<Repository, "streams" | "channels">;
      helix: Pick<HelixClient, "streams">;
    },
  ) {}

  /** Open stream rows: what live detection saw go live and not end. */
  active() {
    return this.deps.repo.streams.listActive();
  }

  /** Broadcaster ids live now (the dashboard's live dots, kept current over `stream.status`). */
  async liveIds(): Promise<string[]> {
    return (await this.deps.repo.streams.listActive()).map((s) => s.broadcaster_id);
  }

  /** The user's followed channels that are live now, most watched first (one Helix call per 100). */
  async followedLive(userId: string): Promise<FollowedLiveStream[]> {
    const followed = await this.deps.repo.channels.listFollowed(userId);
    if (followed.length === 0) return [];
    const pictures = new Map(followed.map((c) => [c.broadcaster_id, c.profile_image_url]));
    const live = await this.deps.helix.streams(followed.map((c) => c.broadcaster_id));
    return live
      .map((s) => ({
        stream_id: s.id,
        broadcaster_id: s.user_id,
        broadcaster_login: s.user_login,
        broadcaster_name: s.user_name,
        profile_image_url: pictures.get(s.user_id) ?? null,
        game_id: s.game_id,
        game_name: s.game_name,
        type: s.type,
        title: s.title,
        language: s.language,
        viewer_count: s.viewer_count,
        started_at: s.started_at,
        thumbnail_url: s.thumbnail_url,
        tags: s.tags ?? [],
      }))
      .sort((a, b) => b.viewer_count - a.viewer_count);
  }

  byBroadcaster(broadcasterId: string, page: { limit: number; offset: number }) {
    return this.deps.repo.streams.listByBroadcaster(broadcasterId, page);
  }

  lastLive(broadcasterId: string) {
    return this.deps.repo.streams.lastForBroadcaster(broadcasterId);
  }
}

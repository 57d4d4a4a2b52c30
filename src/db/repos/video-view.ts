import { type SQL, sql } from "drizzle-orm";
import type { Video, VideoUserState, VideoView } from "../../domain/videos.ts";
import type { Tables } from "../sql/client.ts";
import { allColumns, nullable, type RowOf } from "../sql/query.ts";

/**
 * A video as lists show it: its row, its channel, its primary category and the viewer's watch state,
 * read in one statement. Shared by every query that returns videos.
 */
export function videoViewFields(t: Tables) {
  const { videos, channels, categories, videoUserStates: us } = t;
  return {
    ...allColumns(videos),
    broadcaster_login: channels.broadcaster_login,
    broadcaster_name: channels.broadcaster_name,
    profile_image_url: channels.profile_image_url,
    category_name: nullable(categories.name),
    category_box_art_url: nullable(categories.box_art_url),
    us_watch_later: nullable(us.watch_later),
    us_last_position_seconds: nullable(us.last_position_seconds),
    us_last_progress_at_ms: nullable(us.last_progress_at_ms),
    us_watched_at: nullable(us.watched_at),
    us_completed_at: nullable(us.completed_at),
    us_updated_at: nullable(us.updated_at),
  };
}

export type VideoViewRow = RowOf<ReturnType<typeof videoViewFields>>;

/** FROM videos with the joins `videoViewFields` reads; `viewerId` picks whose watch state. */
export function fromVideoView(t: Tables, viewerId: string | null | undefined): SQL {
  const { videos, channels, categories, videoUserStates: us } = t;
  return sql`from ${videos}
    join ${channels} on ${channels.broadcaster_id} = ${videos.broadcaster_id}
    left join ${categories} on ${categories.id} = ${videos.primary_category_id}
    left join ${us} on ${us.video_id} = ${videos.id} and ${us.user_id} = ${viewerId ?? null}`;
}

export function toVideoView(row: VideoViewRow): VideoView {
  const {
    broadcaster_login,
    broadcaster_name,
    profile_image_url,
    category_name,
    category_box_art_url,
    us_watch_later,
    us_last_position_seconds,
    us_last_progress_at_ms,
    us_watched_at,
    us_completed_at,
    us_updated_at,
    ...video
  } = row;
  const userState: VideoUserState | null =
    us_updated_at === null
      ? null
      : {
          watch_later: us_watch_later ?? false,
          last_position_seconds: us_last_position_seconds ?? 0,
          last_progress_at_ms: us_last_progress_at_ms,
          watched_at: us_watched_at,
          completed_at: us_completed_at,
          updated_at: us_updated_at,
        };
  return {
    ...(video satisfies Video),
    is_audio_only: video.recording_type === "audio",
    broadcaster_login,
    broadcaster_name,
    profile_image_url,
    primary_category:
      video.primary_category_id === null || category_name === null
        ? null
        : { id: video.primary_category_id, name: category_name, box_art_url: category_box_art_url },
    user_state: userState,
  };
}

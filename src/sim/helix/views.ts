import type { Category, Channel, LiveSession, SimUser } from "../state.ts";

/** Helix resources as Twitch shapes them; image URLs point at the simulator's own origin. */

/** Helix writes times as RFC 3339 to the second: `2026-04-12T00:05:00Z`. */
export function rfc3339Seconds(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

export function userView(user: SimUser, origin: string, withEmail: boolean) {
  return {
    id: user.id,
    login: user.login,
    display_name: user.display_name,
    type: "",
    broadcaster_type: user.broadcaster_type,
    description: user.description,
    profile_image_url: `${origin}/jtv_user_pictures/${user.login}-profile_image-300x300.jpeg`,
    offline_image_url: "",
    view_count: 0,
    ...(withEmail ? { email: user.email } : {}),
    created_at: rfc3339Seconds(Date.parse(user.created_at)),
  };
}

export function streamView(channel: Channel, session: LiveSession, origin: string) {
  const { user, info } = channel;
  return {
    id: session.stream_id,
    user_id: user.id,
    user_login: user.login,
    user_name: user.display_name,
    game_id: info.category_id,
    game_name: info.category_name,
    type: "live",
    title: info.title,
    tags: info.tags,
    viewer_count: session.viewers,
    started_at: rfc3339Seconds(session.started_at),
    language: info.language,
    thumbnail_url: `${origin}/previews-ttv/live_user_${user.login}-{width}x{height}.jpg`,
    tag_ids: [],
    is_mature: false,
  };
}

export function channelView(channel: Channel) {
  const { user, info } = channel;
  return {
    broadcaster_id: user.id,
    broadcaster_login: user.login,
    broadcaster_name: user.display_name,
    broadcaster_language: info.language,
    game_id: info.category_id,
    game_name: info.category_name,
    title: info.title,
    delay: 0,
    tags: info.tags,
    content_classification_labels: [],
    is_branded_content: false,
  };
}

export function gameView(category: Category, origin: string) {
  return {
    id: category.id,
    name: category.name,
    box_art_url: `${origin}/ttv-boxart/${category.id}-{width}x{height}.jpg`,
    igdb_id: category.igdb_id,
  };
}

/** Search results carry a sized box art URL, not the template. */
export function searchCategoryView(category: Category, origin: string) {
  return {
    id: category.id,
    name: category.name,
    box_art_url: `${origin}/ttv-boxart/${category.id}-52x72.jpg`,
  };
}

export function followView(broadcaster: SimUser, followedAt: string) {
  return {
    broadcaster_id: broadcaster.id,
    broadcaster_login: broadcaster.login,
    broadcaster_name: broadcaster.display_name,
    followed_at: rfc3339Seconds(Date.parse(followedAt)),
  };
}

import { z } from "zod";

/**
 * What Helix answers, as far as replayd reads it. Unknown fields are allowed (Twitch adds fields); missing
 * or mistyped ones fail with the field's path, so a Twitch change is reported, not silently misread.
 */

const page = z.object({ cursor: z.string().optional() }).optional();

export const helixStream = z.object({
  id: z.string(),
  user_id: z.string(),
  user_login: z.string(),
  user_name: z.string(),
  game_id: z.string().default(""),
  game_name: z.string().default(""),
  type: z.string().default("live"),
  title: z.string().default(""),
  tags: z.array(z.string()).nullable().default([]),
  viewer_count: z.number().default(0),
  started_at: z.string(),
  language: z.string().default(""),
  thumbnail_url: z.string().default(""),
  is_mature: z.boolean().optional(),
});
export type HelixStream = z.infer<typeof helixStream>;
export const streamsPage = z.object({ data: z.array(helixStream), pagination: page });

export const helixUser = z.object({
  id: z.string(),
  login: z.string(),
  display_name: z.string(),
  type: z.string().default(""),
  broadcaster_type: z.string().default(""),
  description: z.string().default(""),
  profile_image_url: z.string().default(""),
  offline_image_url: z.string().default(""),
  view_count: z.number().default(0),
  email: z.string().optional(),
  created_at: z.string().optional(),
});
export type HelixUser = z.infer<typeof helixUser>;
export const usersPage = z.object({ data: z.array(helixUser) });

export const helixChannel = z.object({
  broadcaster_id: z.string(),
  broadcaster_login: z.string(),
  broadcaster_name: z.string(),
  broadcaster_language: z.string().default(""),
  game_id: z.string().default(""),
  game_name: z.string().default(""),
  title: z.string().default(""),
  tags: z.array(z.string()).nullable().default([]),
});
export type HelixChannel = z.infer<typeof helixChannel>;
export const channelsPage = z.object({ data: z.array(helixChannel) });

export const helixGame = z.object({
  id: z.string(),
  name: z.string(),
  box_art_url: z.string().default(""),
  igdb_id: z.string().default(""),
});
export type HelixGame = z.infer<typeof helixGame>;
export const gamesPage = z.object({ data: z.array(helixGame), pagination: page });

export const followedPage = z.object({
  data: z.array(
    z.object({
      broadcaster_id: z.string(),
      broadcaster_login: z.string(),
      broadcaster_name: z.string(),
      followed_at: z.string(),
    }),
  ),
  pagination: page,
  total: z.number().optional(),
});

export const helixSubscription = z.object({
  id: z.string(),
  status: z.string(),
  type: z.string(),
  version: z.string(),
  condition: z.record(z.string(), z.string()),
  created_at: z.string(),
  transport: z.object({ method: z.string(), callback: z.string().optional() }),
  cost: z.number().default(0),
});
export type HelixSubscription = z.infer<typeof helixSubscription>;
export const subscriptionsPage = z.object({
  data: z.array(helixSubscription),
  total: z.number().default(0),
  total_cost: z.number().default(0),
  max_total_cost: z.number().default(0),
  pagination: page,
});

export const appToken = z.object({
  access_token: z.string(),
  expires_in: z.number(),
  token_type: z.string().optional(),
});

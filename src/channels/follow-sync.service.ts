import type { Repository } from "../db/repository.ts";
import type { HelixClient } from "../twitch/helix.client.ts";

/**
 * Mirrors the channels a user follows on Twitch into replayd: each becomes a watched channel (with its
 * profile from Helix) and the user's follows are replaced by what Twitch lists now. This is how channels
 * enter the watched set after a sign-in.
 */
export class FollowSync {
  constructor(
    private readonly deps: {
      repo: Pick<Repository, "channels">;
      helix: HelixClient;
      /** Called with channels watched for the first time (live detection subscribes to them). */
      onChannelsAdded?: (broadcasterIds: string[]) => Promise<void>;
    },
  ) {}

  async sync(userId: string, userToken: string): Promise<{ followed: number; added: number }> {
    const { repo, helix } = this.deps;
    const follows = await helix.followed(userId, userToken);
    const before = new Set(await repo.channels.listIds());
    const profiles = await helix.users({ ids: follows.map((f) => f.broadcaster_id) }, userToken);
    await repo.channels.upsertMany(
      profiles.map((p) => ({
        broadcaster_id: p.id,
        broadcaster_login: p.login,
        broadcaster_name: p.display_name,
        description: p.description || null,
        profile_image_url: p.profile_image_url || null,
        offline_image_url: p.offline_image_url || null,
        broadcaster_type: p.broadcaster_type || null,
        view_count: p.view_count,
      })),
    );
    const known = new Set(profiles.map((p) => p.id));
    await repo.channels.replaceFollows(
      userId,
      follows
        .filter((f) => known.has(f.broadcaster_id))
        .map((f) => ({ broadcaster_id: f.broadcaster_id, followed_at: f.followed_at })),
    );
    const added = profiles.map((p) => p.id).filter((id) => !before.has(id));
    if (added.length > 0) await this.deps.onChannelsAdded?.(added);
    return { followed: follows.length, added: added.length };
  }
}

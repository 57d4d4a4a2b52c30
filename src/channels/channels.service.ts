import type { Repository } from "../db/repository.ts";
import type { ChannelListQuery, ChannelView } from "../domain/channels.ts";
import { ConflictError, NotFoundError } from "../domain/errors.ts";
import type { HelixClient } from "../twitch/helix.client.ts";
import type { HelixUser } from "../twitch/helix.schemas.ts";

export interface ChannelServiceDeps {
  repo: Pick<Repository, "channels">;
  helix: Pick<HelixClient, "users">;
  /** Called with channels watched for the first time (live detection subscribes to them). */
  onChannelsAdded: (broadcasterIds: string[]) => void;
}

/** The watched channels as a viewer sees them (with their favorites), and adding one from Twitch. */
export class ChannelService {
  constructor(private readonly deps: ChannelServiceDeps) {}

  /** @throws NotFoundError */
  async get(broadcasterId: string, viewerId: string): Promise<ChannelView> {
    const channel = await this.deps.repo.channels.getById(broadcasterId, viewerId);
    if (!channel) throw new NotFoundError(`no channel ${broadcasterId}`);
    return channel;
  }

  /** Logins are matched without case. @throws NotFoundError */
  async getByLogin(login: string, viewerId: string): Promise<ChannelView> {
    const channel = await this.deps.repo.channels.getByLogin(login.toLowerCase(), viewerId);
    if (!channel) throw new NotFoundError(`no channel ${login}`);
    return channel;
  }

  list(viewerId: string) {
    return this.deps.repo.channels.list(viewerId);
  }

  listPage(query: ChannelListQuery) {
    return this.deps.repo.channels.listPage(query);
  }

  /** The channels the user follows on Twitch (mirrored at sign-in). */
  followed(userId: string) {
    return this.deps.repo.channels.listFollowed(userId);
  }

  search(query: string, limit: number, viewerId: string) {
    return this.deps.repo.channels.search(query, limit, viewerId);
  }

  latestLive(limit: number) {
    return this.deps.repo.channels.latestLive(limit);
  }

  setFavorite(userId: string, broadcasterId: string, favorite: boolean) {
    return this.deps.repo.channels.setFavorite(userId, broadcasterId, favorite);
  }

  /**
   * Adds (or refreshes) a channel from Twitch by id or login, so it can be recorded or scheduled without
   * being followed. A channel new to replayd is announced, so live detection covers it at once.
   * @throws NotFoundError when Twitch has no such channel
   */
  async add(
    who: { broadcaster_id?: string | undefined; login?: string | undefined },
    viewerId: string,
  ): Promise<ChannelView | null> {
    const user = await this.twitchUser(who);
    const known = await this.deps.repo.channels.getById(user.id);
    return this.store(user, known === null, viewerId);
  }

  /**
   * Adds a channel that is not watched yet, by its login (the Channels page's field). Twitch is asked
   * first, so a channel renamed since it was added is still recognised by its id.
   * @throws NotFoundError when Twitch has no such login, ConflictError when it is already watched
   */
  async addByLogin(login: string, viewerId: string): Promise<ChannelView | null> {
    const user = await this.twitchUser({ login });
    const known = await this.deps.repo.channels.getById(user.id);
    if (known)
      throw new ConflictError(`${known.broadcaster_name} (${user.login}) is already a watched channel`);
    return this.store(user, true, viewerId);
  }

  /** @throws NotFoundError */
  private async twitchUser(who: { broadcaster_id?: string | undefined; login?: string | undefined }) {
    const [user] = await this.deps.helix.users(
      who.broadcaster_id ? { ids: [who.broadcaster_id] } : { logins: [(who.login ?? "").toLowerCase()] },
    );
    if (!user) throw new NotFoundError(`Twitch has no channel ${who.broadcaster_id ?? who.login}`);
    return user;
  }

  private async store(user: HelixUser, isNew: boolean, viewerId: string): Promise<ChannelView | null> {
    const { repo } = this.deps;
    await repo.channels.upsert({
      broadcaster_id: user.id,
      broadcaster_login: user.login,
      broadcaster_name: user.display_name,
      description: user.description || null,
      profile_image_url: user.profile_image_url || null,
      offline_image_url: user.offline_image_url || null,
      broadcaster_type: user.broadcaster_type || null,
      view_count: user.view_count,
    });
    if (isNew) this.deps.onChannelsAdded([user.id]);
    return repo.channels.getById(user.id, viewerId);
  }
}

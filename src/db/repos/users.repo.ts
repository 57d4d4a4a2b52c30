import { eq, sql } from "drizzle-orm";
import { NotFoundError } from "../../domain/errors.ts";
import type { Role, TwitchProfile, User, UserSettings, WhitelistEntry } from "../../domain/users.ts";
import type { SqlClient } from "../sql/client.ts";
import {
  allColumns,
  countAll,
  deleteFrom,
  insertInto,
  onConflictDoNothing,
  onConflictDoUpdate,
  returning,
  select,
  takeExcluded,
  update,
} from "../sql/query.ts";
import { type Clock, isoNow } from "./clock.ts";

export interface UserRepository {
  /**
   * Records a sign-in: creates the user or refreshes their profile (keeping their role). A new user is an
   * owner when their id is `ownerId`, or, when no `ownerId` is configured, when nobody has signed in yet;
   * otherwise a viewer.
   */
  upsertOnSignIn(profile: TwitchProfile, options?: { ownerId?: string | null }): Promise<User>;
  getById(id: string): Promise<User | null>;
  list(): Promise<User[]>;
  count(): Promise<number>;
  /** @throws NotFoundError */
  setRole(id: string, role: Role): Promise<User>;
  /**
   * Removes someone entirely: their sessions, tokens, settings, follows, watch state, requests and
   * schedules go with them; event logs they caused stay, without the link.
   */
  delete(id: string): Promise<boolean>;
}

export function createUserRepository(db: SqlClient, clock: Clock): UserRepository {
  const { users } = db.tables;
  return {
    async upsertOnSignIn(profile, options = {}) {
      const now = isoNow(clock);
      const isOwner = options.ownerId != null && options.ownerId === profile.id;
      return db.transaction(async (tx) => {
        // With OWNER_TWITCH_ID set, only that person is made owner; without it, the first one to sign in.
        const firstWins =
          !options.ownerId && !(await tx.first(select({ n: countAll() }, sql`from ${users}`)))?.n;
        const role: Role = isOwner || firstWins ? "owner" : "viewer";
        const row = {
          id: profile.id,
          login: profile.login.toLowerCase(),
          display_name: profile.display_name,
          email: profile.email ?? null,
          profile_image_url: profile.profile_image_url ?? null,
          role,
          created_at: now,
          updated_at: now,
        };
        const upsert = sql`${insertInto(users, [row])} ${onConflictDoUpdate(users, [users.id], {
          ...takeExcluded(users, ["login", "display_name", "email", "profile_image_url", "updated_at"]),
          // The configured owner is an owner whatever the stored role says.
          ...(isOwner ? { role: "owner" } : {}),
        })}`;
        const user = await tx.one(returning(users, upsert));
        return user;
      });
    },

    getById: (id) => db.first(select(allColumns(users), sql`from ${users} where ${eq(users.id, id)}`)),

    list: () =>
      db.all(select(allColumns(users), sql`from ${users} order by ${users.created_at}, ${users.id}`)),

    async count() {
      return (await db.first(select({ n: countAll() }, sql`from ${users}`)))?.n ?? 0;
    },

    async setRole(id, role) {
      const user = await db.first(
        returning(users, update(users, { role, updated_at: isoNow(clock) }, eq(users.id, id))),
      );
      if (!user) throw new NotFoundError(`no user ${id}`);
      return user;
    },

    async delete(id) {
      return (await db.run(deleteFrom(users, eq(users.id, id)))) > 0;
    },
  };
}

export interface WhitelistRepository {
  list(): Promise<WhitelistEntry[]>;
  has(twitchUserId: string): Promise<boolean>;
  /** Adds ids not yet listed (idempotent). */
  add(...twitchUserIds: string[]): Promise<void>;
  /** Resolves to whether the id was listed. */
  remove(twitchUserId: string): Promise<boolean>;
}

export function createWhitelistRepository(db: SqlClient, clock: Clock): WhitelistRepository {
  const { whitelist } = db.tables;
  return {
    list: () =>
      db.all(
        select(
          allColumns(whitelist),
          sql`from ${whitelist} order by ${whitelist.added_at}, ${whitelist.twitch_user_id}`,
        ),
      ),
    async has(id) {
      return (
        (await db.first(
          select(
            { id: whitelist.twitch_user_id },
            sql`from ${whitelist} where ${eq(whitelist.twitch_user_id, id)}`,
          ),
        )) !== null
      );
    },
    async add(...ids) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return;
      const now = isoNow(clock);
      await db.run(
        sql`${insertInto(
          whitelist,
          unique.map((id) => ({ twitch_user_id: id, added_at: now })),
        )} ${onConflictDoNothing([whitelist.twitch_user_id])}`,
      );
    },
    async remove(id) {
      return (await db.run(deleteFrom(whitelist, eq(whitelist.twitch_user_id, id)))) > 0;
    },
  };
}

export type UserSettingsPatch = Partial<Pick<UserSettings, "timezone" | "datetime_format" | "language">>;

export interface UserSettingsRepository {
  /** The user's settings, created on first read with nothing chosen (every preference null). */
  get(userId: string): Promise<UserSettings>;
  update(userId: string, patch: UserSettingsPatch): Promise<UserSettings>;
}

export function createUserSettingsRepository(db: SqlClient, clock: Clock): UserSettingsRepository {
  const { userSettings } = db.tables;
  const read = (userId: string) =>
    db.first(
      select(allColumns(userSettings), sql`from ${userSettings} where ${eq(userSettings.user_id, userId)}`),
    );
  const write = async (userId: string, patch: UserSettingsPatch): Promise<UserSettings> => {
    const now = isoNow(clock);
    const changed = Object.keys(patch) as (keyof UserSettingsPatch)[];
    const conflict = changed.length
      ? onConflictDoUpdate(
          userSettings,
          [userSettings.user_id],
          takeExcluded(userSettings, [...changed, "updated_at"]),
        )
      : onConflictDoNothing([userSettings.user_id]);
    const row = { user_id: userId, ...patch, created_at: now, updated_at: now };
    try {
      await db.run(sql`${insertInto(userSettings, [row])} ${conflict}`);
    } catch (err) {
      if (db.isForeignKeyViolation(err)) throw new NotFoundError(`no user ${userId}`);
      throw err;
    }
    return db.one(
      select(allColumns(userSettings), sql`from ${userSettings} where ${eq(userSettings.user_id, userId)}`),
    );
  };
  return {
    get: async (userId) => (await read(userId)) ?? write(userId, {}),
    update: (userId, patch) => write(userId, patch),
  };
}

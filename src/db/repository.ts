import type { DatabaseHandle } from "./connection.ts";
import { type Clock, systemClock } from "./repos/clock.ts";
import {
  createUserRepository,
  createUserSettingsRepository,
  createWhitelistRepository,
  type UserRepository,
  type UserSettingsRepository,
  type WhitelistRepository,
} from "./repos/users.repo.ts";
import type { SqlClient } from "./sql/client.ts";
import { createPgClient } from "./sql/pg.client.ts";
import { createSqliteClient } from "./sql/sqlite.client.ts";

/**
 * Everything services read and write, grouped by domain. One implementation over a dialect-neutral SQL
 * client (src/db/sql), so SQLite and Postgres behave the same; see docs/architecture.md.
 */
export interface Repository {
  users: UserRepository;
  whitelist: WhitelistRepository;
  userSettings: UserSettingsRepository;
  /**
   * Runs `work` in one transaction: everything it writes through `tx` commits together or not at all.
   * A transaction inside it joins it.
   */
  transaction<R>(work: (tx: Repository) => Promise<R>): Promise<R>;
}

export interface RepositoryOptions {
  /** Source of "now" for timestamps the repository writes; tests pass a controllable one. */
  clock?: Clock;
}

export function createRepository(handle: DatabaseHandle, options: RepositoryOptions = {}): Repository {
  const client = handle.dialect === "sqlite" ? createSqliteClient(handle.client) : createPgClient(handle.orm);
  return repositoryOver(client, options.clock ?? systemClock);
}

function repositoryOver(db: SqlClient, clock: Clock): Repository {
  return {
    users: createUserRepository(db, clock),
    whitelist: createWhitelistRepository(db, clock),
    userSettings: createUserSettingsRepository(db, clock),
    transaction: (work) => db.transaction((tx) => work(repositoryOver(tx, clock))),
  };
}

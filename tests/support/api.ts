import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isTrackedEnvelope } from "@trpc/server";
import { createApiDeps } from "../../src/boot/api-deps.ts";
import { bootstrap, type Services } from "../../src/boot/bootstrap.ts";
import { loadConfig } from "../../src/config/load.ts";
import type { Dialect } from "../../src/db/sql/client.ts";
import type { Caller, Role } from "../../src/domain/users.ts";
import type { Storage } from "../../src/storage/storage.ts";
import type { ApiDeps } from "../../src/trpc/context.ts";
import { appRouter } from "../../src/trpc/router.ts";
import { createCallerFactory } from "../../src/trpc/trpc.ts";
import { freshDatabase } from "./databases.ts";
import { quiet } from "./recorder.ts";

const createCaller = createCallerFactory(appRouter);

/**
 * The real services over a fresh database (SQLite or Postgres) and a data folder, with the tRPC router
 * callable as any user: the API as procedures see it, without HTTP.
 */
export async function apiWorld(
  dialect: Dialect,
  options: { simUrl?: string; env?: Record<string, string>; storage?: Storage } = {},
) {
  const database = await freshDatabase(dialect);
  const db = await database.open();
  const dataDir = mkdtempSync(join(tmpdir(), "replayd-api-"));
  const config = loadConfig({
    cwd: dataDir,
    env: {
      DATA_DIR: dataDir,
      // Nothing here may reach the internet: without a simulator, Twitch calls fail on a closed port.
      TWITCH_SIMULATOR_URL: options.simUrl ?? "http://127.0.0.1:9",
      ...options.env,
    },
  });
  const booted = await bootstrap(config, quiet, {
    db,
    sessionSecret: "s".repeat(48),
    ...(options.storage ? { storage: options.storage } : {}),
  });
  const services: Services = booted.services;
  const api: ApiDeps = createApiDeps(
    config,
    services,
    { setup: { mode: "off", source: "env", callback: null }, eventsub: () => null },
    quiet,
  );
  let users = 0;
  /** A signed-in user with this role (created in the database). */
  const user = async (role: Role, name?: string): Promise<Caller> => {
    // Each user its own id, named or not.
    const n = ++users;
    const id = String(900_000 + n);
    const login = name ?? `user_${n}`;
    await services.repo.users.upsertOnSignIn({ id, login, display_name: login });
    await services.repo.users.setRole(id, role);
    return { id, login, display_name: login, role, via: "session" };
  };
  const as = (caller: Caller | null, options: { signal?: AbortSignal } = {}) =>
    createCaller({ requestId: "test", caller, api }, options);
  return {
    services,
    api,
    dataDir,
    user,
    as,
    async dispose() {
      api.feeds.stop();
      await services.recorder.shutdown();
      await booted.close();
      await database.dispose();
    },
  };
}

/**
 * A tracked subscription event as the in-process caller yields it (tRPC's envelope `[id, data]`), read the
 * way a client over SSE sees it (`{ id, data }`).
 */
export function fromTracked<T>(event: { id: string; data: T }): { id: string; data: T } {
  const raw = event as unknown;
  if (isTrackedEnvelope(raw)) return { id: raw[0], data: raw[1] as T };
  return event;
}

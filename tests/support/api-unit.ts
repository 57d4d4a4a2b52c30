import { TRPCError } from "@trpc/server";
import type { Caller, Role } from "../../src/domain/users.ts";
import type { ApiServices } from "../../src/trpc/context.ts";
import type { Feeds } from "../../src/trpc/feeds.ts";
import { appRouter } from "../../src/trpc/router.ts";
import { createCallerFactory } from "../../src/trpc/trpc.ts";
import { strictFake } from "../fakes/strict.ts";

const createCaller = createCallerFactory(appRouter);

/** A signed-in caller with this role (no database: procedures only see what the fakes answer). */
export function caller(role: Role, id = `${{ viewer: 1, admin: 2, owner: 3 }[role]}00`): Caller {
  return { id, login: `${role}_${id}`, display_name: role, role, via: "session" };
}

/**
 * The tRPC router over strict fakes of the services a test names: any other service, or any method the
 * test did not give, throws when a procedure reaches for it. No database, no bus, no HTTP.
 */
export function fakeApi(services: Partial<ApiServices>, feeds: Partial<Feeds> = {}) {
  const api = {
    services: strictFake<ApiServices>("services", services),
    feeds: strictFake<Feeds>("feeds", feeds),
    publicBaseUrl: "",
  };
  return {
    as: (who: Caller | null, options: { signal?: AbortSignal } = {}) =>
      createCaller({ requestId: "unit", caller: who, api }, options),
  };
}

/** The TRPCError a call fails with (anything else fails the test). */
export async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TRPCError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

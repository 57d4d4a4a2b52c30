import { expect, test } from "bun:test";
import type { ServiceAccountInput } from "../../domain/service-account.ts";
import { contract } from "./harness.ts";

const ALICE: ServiceAccountInput = {
  twitch_user_id: "100001",
  login: "alice",
  display_name: "Alice",
  source: "dashboard",
  env_token_hash: null,
  encrypted_tokens: "v1.sealed-alice",
  expires_at: "2026-11-28T16:00:00.000Z",
};
const BOB: ServiceAccountInput = {
  ...ALICE,
  twitch_user_id: "100002",
  login: "bob",
  display_name: "Bob",
  source: "env",
  env_token_hash: "ab".repeat(32),
  encrypted_tokens: "v1.sealed-bob",
};

contract("service account", (c) => {
  test("none until set; put sets it, and a second put replaces it whole", async () => {
    expect(await c.repo.serviceAccount.get()).toBeNull();
    const set = await c.repo.serviceAccount.put(ALICE);
    expect(set).toEqual({
      ...ALICE,
      refreshed_at: null,
      last_error: null,
      last_error_at: null,
      created_at: "2026-11-28T12:00:00.000Z",
      updated_at: "2026-11-28T12:00:00.000Z",
    });
    await c.repo.serviceAccount.noteError(ALICE.twitch_user_id, "Twitch refused the refresh");
    const later = c.clock.advance(60_000);
    const replaced = await c.repo.serviceAccount.put({ ...BOB, refreshed_at: later });
    expect(replaced).toMatchObject({
      ...BOB,
      refreshed_at: later,
      last_error: null,
      last_error_at: null,
      created_at: later,
    });
    expect(await c.repo.serviceAccount.get()).toEqual(replaced);
  });

  test("saveTokens stores a refresh and clears the error; noteError keeps the tokens", async () => {
    await c.repo.serviceAccount.put(ALICE);
    const failedAt = c.clock.advance(1000);
    expect(await c.repo.serviceAccount.noteError(ALICE.twitch_user_id, "x".repeat(600))).toBe(true);
    const failed = await c.repo.serviceAccount.get();
    expect(failed).toMatchObject({ encrypted_tokens: ALICE.encrypted_tokens, last_error_at: failedAt });
    expect(failed?.last_error).toHaveLength(500);

    const refreshedAt = c.clock.advance(1000);
    const tokens = { encrypted_tokens: "v1.fresh", expires_at: "2026-11-28T20:00:00.000Z" };
    expect(await c.repo.serviceAccount.saveTokens(ALICE.twitch_user_id, tokens)).toBe(true);
    expect(await c.repo.serviceAccount.get()).toMatchObject({
      ...tokens,
      refreshed_at: refreshedAt,
      last_error: null,
      last_error_at: null,
      updated_at: refreshedAt,
    });
  });

  test("a refresh or an error for an account no longer set writes nothing", async () => {
    const tokens = { encrypted_tokens: "v1.late", expires_at: "2026-11-28T20:00:00.000Z" };
    expect(await c.repo.serviceAccount.saveTokens(ALICE.twitch_user_id, tokens)).toBe(false);
    await c.repo.serviceAccount.put(BOB);
    expect(await c.repo.serviceAccount.saveTokens(ALICE.twitch_user_id, tokens)).toBe(false);
    expect(await c.repo.serviceAccount.noteError(ALICE.twitch_user_id, "late")).toBe(false);
    expect(await c.repo.serviceAccount.get()).toMatchObject({ ...BOB, last_error: null });
  });

  test("clear removes it, once", async () => {
    await c.repo.serviceAccount.put(ALICE);
    expect(await c.repo.serviceAccount.clear()).toBe(true);
    expect(await c.repo.serviceAccount.get()).toBeNull();
    expect(await c.repo.serviceAccount.clear()).toBe(false);
  });

  test("the source is one of the known ones", async () => {
    await expect(
      c.repo.serviceAccount.put({ ...ALICE, source: "somewhere" as ServiceAccountInput["source"] }),
    ).rejects.toThrow();
  });
});

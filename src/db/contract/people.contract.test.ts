import { expect, test } from "bun:test";
import { ConflictError } from "../../domain/errors.ts";
import { channel, finishedVideo, user } from "./fixtures.ts";
import { contract } from "./harness.ts";

const DAY = 24 * 3600 * 1000;

contract("sessions and API tokens", (c) => {
  const newSession = (hashed_id: string, user_id: string, days = 30) => ({
    hashed_id,
    user_id,
    encrypted_tokens: "c2VjcmV0",
    expires_at: new Date(c.clock.now().getTime() + days * DAY).toISOString(),
    user_agent: "test",
  });

  test("a valid session resolves to its user; an expired one is deleted", async () => {
    await user(c.repo, "1");
    const created = await c.repo.sessions.create(newSession("h1", "1", 1));
    expect(created).toMatchObject({ hashed_id: "h1", last_active_at: c.clock.iso(), ip_address: null });
    expect((await c.repo.sessions.findValid("h1"))?.user.id).toBe("1");
    c.clock.advance(2 * DAY);
    expect(await c.repo.sessions.findValid("h1")).toBeNull();
    expect(await c.repo.sessions.listForUser("1")).toEqual([]);
    expect(await c.repo.sessions.findValid("unknown")).toBeNull();
  });

  test("touch and token refresh are saved", async () => {
    await user(c.repo, "1");
    await c.repo.sessions.create(newSession("h1", "1"));
    const later = c.clock.advance(60_000);
    await c.repo.sessions.touch("h1");
    await c.repo.sessions.updateTokens("h1", "bmV3");
    expect((await c.repo.sessions.findValid("h1"))?.session).toMatchObject({
      last_active_at: later,
      encrypted_tokens: "bmV3",
    });
  });

  test("a user revokes only their own sessions", async () => {
    await user(c.repo, "1");
    await user(c.repo, "2");
    await c.repo.sessions.create(newSession("mine", "1"));
    await c.repo.sessions.create(newSession("theirs", "2"));
    expect(await c.repo.sessions.deleteOwn("1", "theirs")).toBe(false);
    expect(await c.repo.sessions.deleteOwn("1", "mine")).toBe(true);
    expect((await c.repo.sessions.listForUser("2")).map((s) => s.hashed_id)).toEqual(["theirs"]);
    expect(await c.repo.sessions.deleteAllForUser("2")).toBe(1);
  });

  test("the cleanup deletes expired sessions and tokens only", async () => {
    await user(c.repo, "1");
    await c.repo.sessions.create(newSession("short", "1", 1));
    await c.repo.sessions.create(newSession("long", "1", 30));
    const expires = new Date(c.clock.now().getTime() + DAY).toISOString();
    await c.repo.apiTokens.create({
      user_id: "1",
      name: "ci",
      token_hash: "a",
      token_prefix: "rpd_a",
      scope: "read",
      expires_at: expires,
    });
    await c.repo.apiTokens.create({
      user_id: "1",
      name: "forever",
      token_hash: "b",
      token_prefix: "rpd_b",
      scope: "read",
    });
    c.clock.advance(2 * DAY);
    expect(await c.repo.sessions.deleteExpired()).toBe(1);
    expect(await c.repo.apiTokens.deleteExpired()).toBe(1);
    expect((await c.repo.apiTokens.listForUser("1")).map((t) => t.name)).toEqual(["forever"]);
  });

  test("an API token authenticates by hash, notes its use, and never exposes the hash", async () => {
    await user(c.repo, "1");
    const token = await c.repo.apiTokens.create({
      user_id: "1",
      name: "script",
      token_hash: "h",
      token_prefix: "rpd_x",
      scope: "read",
    });
    expect(token).toEqual({
      id: token.id,
      user_id: "1",
      name: "script",
      token_prefix: "rpd_x",
      created_at: c.clock.iso(),
      last_used_at: null,
      expires_at: null,
      scope: "read",
    });
    const used = c.clock.advance(5000);
    const auth = await c.repo.apiTokens.authenticate("h");
    expect(auth?.user.id).toBe("1");
    expect(auth?.token.last_used_at).toBe(used);
    // Within a minute, use is not rewritten (no write per request).
    c.clock.advance(10_000);
    expect((await c.repo.apiTokens.authenticate("h"))?.token.last_used_at).toBe(used);
    expect(await c.repo.apiTokens.authenticate("nope")).toBeNull();
  });

  test("an expired token does not authenticate", async () => {
    await user(c.repo, "1");
    const expires_at = new Date(c.clock.now().getTime() + 1000).toISOString();
    await c.repo.apiTokens.create({
      user_id: "1",
      name: "short",
      token_hash: "h",
      token_prefix: "p",
      scope: "read",
      expires_at,
    });
    c.clock.advance(1000);
    expect(await c.repo.apiTokens.authenticate("h")).toBeNull();
  });

  test("token names are unique per user, and a user deletes only their own tokens", async () => {
    await user(c.repo, "1");
    await user(c.repo, "2");
    const mine = await c.repo.apiTokens.create({
      user_id: "1",
      name: "ci",
      token_hash: "a",
      token_prefix: "p",
      scope: "read",
    });
    await c.repo.apiTokens.create({
      user_id: "2",
      name: "ci",
      token_hash: "b",
      token_prefix: "p",
      scope: "read",
    });
    await expect(
      c.repo.apiTokens.create({
        user_id: "1",
        name: "ci",
        token_hash: "c",
        token_prefix: "p",
        scope: "read",
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await c.repo.apiTokens.delete("2", mine.id)).toBe(false);
    expect(await c.repo.apiTokens.delete("1", mine.id)).toBe(true);
  });

  test("deleting a user takes their sessions, tokens, settings, states and schedules with them", async () => {
    await user(c.repo, "1");
    await user(c.repo, "2");
    await channel(c.repo, "c1");
    const video = await finishedVideo(c.repo, "c1");
    await c.repo.sessions.create(newSession("s", "2"));
    await c.repo.apiTokens.create({
      user_id: "2",
      name: "t",
      token_hash: "h",
      token_prefix: "p",
      scope: "read",
    });
    await c.repo.userSettings.update("2", { language: "fr" });
    await c.repo.channels.setFavorite("2", "c1", true);
    await c.repo.channels.replaceFollows("2", [{ broadcaster_id: "c1", followed_at: c.clock.iso() }]);
    await c.repo.watch.setWatchLater("2", video.id, true);
    await c.repo.watch.request("2", video.id);
    const schedule = await c.repo.schedules.create({
      broadcaster_id: "c1",
      requested_by: "2",
      quality: "source",
      recording_type: "video",
      force_h264: false,
      has_min_viewers: false,
      min_viewers: null,
      has_categories: false,
      category_ids: [],
      has_tags: false,
      tag_ids: [],
      is_delete_rediff: false,
      time_before_delete: null,
      is_disabled: false,
      record_chat: true,
    });
    const log = await c.repo.eventLogs.append({
      domain: "auth",
      event_type: "login",
      severity: "info",
      message: "hi",
      actor_user_id: "2",
    });

    expect(await c.repo.users.delete("2")).toBe(true);
    expect(await c.repo.sessions.findValid("s")).toBeNull();
    expect(await c.repo.apiTokens.authenticate("h")).toBeNull();
    expect(await c.repo.watch.get("2", video.id)).toBeNull();
    expect(await c.repo.schedules.getById(schedule.id)).toBeNull();
    expect(await c.repo.channels.listFollowed("2")).toEqual([]);
    expect((await c.repo.channels.getById("c1", "2"))?.user_state).toBeNull();
    const [kept] = (await c.repo.eventLogs.list({ limit: 10, offset: 0 })).data;
    expect(kept).toMatchObject({ id: log.id, actor_user_id: null });
    // The library is untouched.
    expect(await c.repo.videos.getById(video.id)).not.toBeNull();
    expect((await c.repo.users.list()).map((u) => u.id)).toEqual(["1"]);
  });
});

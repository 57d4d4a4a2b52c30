import { expect, test } from "bun:test";
import { NotFoundError } from "../../domain/errors.ts";
import { contract } from "./harness.ts";

contract("users", (c) => {
  test("the first person to sign in becomes owner, later ones viewers", async () => {
    const first = await c.repo.users.upsertOnSignIn({ id: "1", login: "Alice", display_name: "Alice" });
    const second = await c.repo.users.upsertOnSignIn({ id: "2", login: "bob", display_name: "Bob" });
    expect(first).toMatchObject({ id: "1", login: "alice", role: "owner", created_at: c.clock.iso() });
    expect(second.role).toBe("viewer");
  });

  test("the configured owner is owner even when not first", async () => {
    await c.repo.users.upsertOnSignIn({ id: "1", login: "alice", display_name: "Alice" });
    const owner = await c.repo.users.upsertOnSignIn(
      { id: "9", login: "o", display_name: "O" },
      { ownerId: "9" },
    );
    expect(owner.role).toBe("owner");
  });

  test("with an owner configured, the first other person to sign in is a viewer", async () => {
    const first = await c.repo.users.upsertOnSignIn(
      { id: "1", login: "alice", display_name: "Alice" },
      { ownerId: "9" },
    );
    expect(first.role).toBe("viewer");
  });

  test("signing in again refreshes the profile and keeps the role", async () => {
    await c.repo.users.upsertOnSignIn({ id: "1", login: "alice", display_name: "Alice" });
    await c.repo.users.upsertOnSignIn({ id: "2", login: "bob", display_name: "Bob" });
    await c.repo.users.setRole("2", "admin");
    const later = c.clock.advance(60_000);
    const bob = await c.repo.users.upsertOnSignIn({
      id: "2",
      login: "bob",
      display_name: "Bobby",
      email: "b@example.com",
    });
    expect(bob).toMatchObject({
      display_name: "Bobby",
      email: "b@example.com",
      role: "admin",
      updated_at: later,
    });
    expect(bob.created_at).not.toBe(later);
    expect(await c.repo.users.count()).toBe(2);
  });

  test("setting the role of someone unknown is NotFound", async () => {
    await expect(c.repo.users.setRole("404", "admin")).rejects.toBeInstanceOf(NotFoundError);
  });

  test("settings start with nothing chosen, keep what is changed, and go back to unchosen on null", async () => {
    await c.repo.users.upsertOnSignIn({ id: "1", login: "alice", display_name: "Alice" });
    expect(await c.repo.userSettings.get("1")).toMatchObject({
      timezone: null,
      datetime_format: null,
      language: null,
    });
    await c.repo.userSettings.update("1", { language: "fr", timezone: "Europe/Paris" });
    expect(await c.repo.userSettings.get("1")).toMatchObject({
      timezone: "Europe/Paris",
      datetime_format: null,
      language: "fr",
    });
    await c.repo.userSettings.update("1", { datetime_format: "EU", timezone: null });
    expect(await c.repo.userSettings.get("1")).toMatchObject({
      timezone: null,
      datetime_format: "EU",
      language: "fr",
    });
    await expect(c.repo.userSettings.get("404")).rejects.toBeInstanceOf(NotFoundError);
  });

  test("the whitelist adds idempotently and removes", async () => {
    await c.repo.whitelist.add("1", "2", "2");
    await c.repo.whitelist.add("1");
    expect((await c.repo.whitelist.list()).map((e) => e.twitch_user_id)).toEqual(["1", "2"]);
    expect(await c.repo.whitelist.has("2")).toBe(true);
    expect(await c.repo.whitelist.remove("2")).toBe(true);
    expect(await c.repo.whitelist.remove("2")).toBe(false);
    expect(await c.repo.whitelist.has("2")).toBe(false);
  });
});

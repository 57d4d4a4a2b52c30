import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { quiet } from "../../tests/support/recorder.ts";
import { openDatabase } from "../db/connection.ts";
import { migrate } from "../db/migrate.ts";
import { createRepository } from "../db/repository.ts";
import { startSimulator } from "../sim/server.ts";
import { twitchEndpoints } from "../twitch/endpoints.ts";
import { HelixClient } from "../twitch/helix.client.ts";
import { CategoryArtSync } from "./category-art.service.ts";
import { FollowSync } from "./follow-sync.service.ts";

const sim = startSimulator({ log: quiet, port: 0, seed: 8 });
afterAll(() => sim.stop());
const endpoints = twitchEndpoints({
  client_id: "",
  client_secret: "",
  simulator_url: sim.url,
  helix_url: "",
  oauth_url: "",
  gql_url: "",
  usher_url: "",
});
const helix = new HelixClient({ endpoints, clientId: "replayd-test", clientSecret: "x" });

async function repository() {
  const db = await openDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), "replayd-channels-")), "t.db")}`);
  await migrate(db);
  return { db, repo: createRepository(db) };
}

/** A user token for sim_viewer through the simulator's OAuth (authorization code, auto-approved). */
async function userToken(): Promise<{ id: string; token: string }> {
  const redirect = "http://127.0.0.1/callback";
  const authorize = await fetch(
    `${sim.url}/oauth2/authorize?client_id=replayd-test&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=user:read:follows&state=s&login=sim_viewer`,
    { redirect: "manual" },
  );
  const code = new URL(authorize.headers.get("location") ?? "").searchParams.get("code") ?? "";
  const form = new URLSearchParams({
    client_id: "replayd-test",
    client_secret: "x",
    code,
    grant_type: "authorization_code",
    redirect_uri: redirect,
  });
  const token = (
    (await (await fetch(`${sim.url}/oauth2/token`, { method: "POST", body: form })).json()) as {
      access_token: string;
    }
  ).access_token;
  const [me] = await helix.users({}, token);
  return { id: me?.id ?? "", token };
}

describe("followed-channel sync", () => {
  test("the user's Twitch follows become watched channels with their profiles, and new ones are announced", async () => {
    const { db, repo } = await repository();
    try {
      const { id, token } = await userToken();
      await repo.users.upsertOnSignIn({ id, login: "sim_viewer", display_name: "SimViewer" });
      const added: string[][] = [];
      const sync = new FollowSync({ repo, helix, onChannelsAdded: async (ids) => void added.push(ids) });
      expect(await sync.sync(id, token)).toEqual({ followed: 5, added: 5 });
      const followed = await repo.channels.listFollowed(id);
      expect(followed.map((c) => c.broadcaster_login).sort()).toEqual([
        "code_garden",
        "kitchen_lab",
        "night_owl_music",
        "retro_arena",
        "speedrun_sam",
      ]);
      expect(
        followed.every((c) => c.profile_image_url?.includes("/jtv_user_pictures/") || c.profile_image_url),
      ).toBe(true);
      expect(await sync.sync(id, token)).toEqual({ followed: 5, added: 0 });
      expect(added.map((ids) => ids.length)).toEqual([5]);
    } finally {
      await db.close();
    }
  });
});

describe("category art", () => {
  test("categories seen without art get Twitch's box art and IGDB id; unknown ones are not asked again", async () => {
    const { db, repo } = await repository();
    try {
      await repo.categories.upsert({ id: "27471", name: "Minecraft" });
      await repo.categories.upsert({ id: "999999999", name: "Nobody knows" });
      expect(await new CategoryArtSync({ repo, helix }).run()).toEqual({ updated: 1, igdbIds: 1 });
      const minecraft = await repo.categories.getById("27471");
      expect(minecraft?.box_art_url).toContain("/ttv-boxart/27471-");
      expect(minecraft?.igdb_id).toBe("121");
      expect(await repo.categories.listMissingArt(10)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

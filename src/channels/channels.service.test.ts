import { describe, expect, test } from "bun:test";
import { callsOf, strictFake } from "../../tests/fakes/strict.ts";
import type { Repository } from "../db/repository.ts";
import type { ChannelView } from "../domain/channels.ts";
import { ConflictError, NotFoundError } from "../domain/errors.ts";
import type { HelixUser } from "../twitch/helix.schemas.ts";
import { ChannelService, type ChannelServiceDeps } from "./channels.service.ts";

// Adding a channel from Twitch, over strict fakes of Helix and the channels repository.

const SAM: HelixUser = {
  id: "555",
  login: "speedrun_sam",
  display_name: "Speedrun_Sam",
  type: "",
  broadcaster_type: "affiliate",
  description: "",
  profile_image_url: "https://img/sam.png",
  offline_image_url: "",
  view_count: 3,
};

function service(known: boolean, users: HelixUser[] = [SAM]) {
  const added: string[][] = [];
  const helix = strictFake<ChannelServiceDeps["helix"]>("helix", { users: async () => users });
  const channels = strictFake<Repository["channels"]>("repo.channels", {
    getById: async (id) =>
      known ? ({ broadcaster_id: id, broadcaster_name: "Speedrun_Sam" } as ChannelView) : null,
    upsert: async (c) => c as never,
  });
  const sut = new ChannelService({
    repo: strictFake<ChannelServiceDeps["repo"]>("repo", { channels }),
    helix,
    onChannelsAdded: (ids) => void added.push(ids),
  });
  return { sut, helix, channels, added };
}

describe("ChannelService.add", () => {
  test("a channel new to replayd is stored from Twitch's profile and announced once", async () => {
    const { sut, helix, channels, added } = service(false);
    await sut.add({ login: "Speedrun_Sam" }, "100");
    expect(callsOf(helix)).toEqual([["users", [{ logins: ["speedrun_sam"] }]]]);
    const upsert = callsOf(channels).find(([m]) => m === "upsert");
    expect(upsert?.[1][0]).toMatchObject({
      broadcaster_id: "555",
      broadcaster_login: "speedrun_sam",
      description: null,
      offline_image_url: null,
      broadcaster_type: "affiliate",
    });
    expect(added).toEqual([["555"]]);
  });

  test("a channel already watched is refreshed, not announced again", async () => {
    const { sut, helix, added } = service(true);
    await sut.add({ broadcaster_id: "555" }, "100");
    expect(callsOf(helix)).toEqual([["users", [{ ids: ["555"] }]]]);
    expect(added).toEqual([]);
  });

  test("a channel Twitch does not know is NotFoundError naming it, and nothing is stored", async () => {
    const { sut, channels } = service(false, []);
    await expect(sut.add({ login: "nobody_here" }, "100")).rejects.toThrow(
      "Twitch has no channel nobody_here",
    );
    expect(callsOf(channels)).toEqual([]);
  });
});

describe("ChannelService.addByLogin", () => {
  test("a login Twitch knows and replayd does not watch is stored and announced", async () => {
    const { sut, helix, added } = service(false);
    await sut.addByLogin("speedrun_sam", "100");
    expect(callsOf(helix)).toEqual([["users", [{ logins: ["speedrun_sam"] }]]]);
    expect(added).toEqual([["555"]]);
  });

  test("a channel already watched (found by Twitch's id, so a renamed one too) is ConflictError, nothing written", async () => {
    const { sut, channels, added } = service(true);
    const refused = sut.addByLogin("speedrun_sam", "100");
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toThrow("(speedrun_sam) is already a watched channel");
    expect(callsOf(channels).map(([m]) => m)).toEqual(["getById"]);
    expect(added).toEqual([]);
  });

  test("a login Twitch does not know is NotFoundError naming it", async () => {
    const { sut, channels } = service(false, []);
    await expect(sut.addByLogin("nobody_here", "100")).rejects.toBeInstanceOf(NotFoundError);
    expect(callsOf(channels)).toEqual([]);
  });
});

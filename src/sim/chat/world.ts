import type { SimContext } from "../context.ts";
import { ChatFeeds } from "./feeds.ts";
import { ChatHub } from "./hub.ts";
import { type ChatOptions, chatOptions } from "./options.ts";

/** The chat half of a simulator: the IRC sockets and the per-channel feeds, one of each per SimContext. */
export interface ChatWorld {
  hub: ChatHub;
  feeds: ChatFeeds;
  options: ChatOptions;
  stop(): void;
}

const worlds = new WeakMap<SimContext, ChatWorld>();

export function chatWorld(ctx: SimContext): ChatWorld {
  const existing = worlds.get(ctx);
  if (existing) return existing;
  const options = chatOptions(ctx.chat);
  const log = ctx.log.child({ surface: "chat" });
  // The hub and the feeds need each other: feeds send through the hub, a JOIN asks the feeds for the room.
  let hub: ChatHub | null = null;
  const feeds = new ChatFeeds(ctx.state, options, (login, lines) => hub?.broadcast(login, lines) ?? [], log);
  hub = new ChatHub({ room: (login) => feeds.room(login), faults: () => ctx.state.faults, options, log });
  const world: ChatWorld = {
    hub,
    feeds,
    options,
    stop() {
      feeds.stop();
      hub?.stop();
    },
  };
  worlds.set(ctx, world);
  ctx.stateSections.set("chat", () => ({
    ...world.hub.describe(),
    channels: [...ctx.state.channels.values()].map((channel) => ({
      ...feeds.view(channel),
      listeners: world.hub.listeners(channel.user.login),
    })),
  }));
  return world;
}

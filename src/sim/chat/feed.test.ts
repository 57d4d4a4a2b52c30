import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { manualClock, quietLog } from "../../../tests/support/sim.ts";
import { type IrcMessage, parseIrcLine } from "../../twitch/irc/message.ts";
import { type RunningSimulator, startSimulator } from "../server.ts";
import { emoteById } from "./emotes.ts";
import { SIM_CHAT_KINDS } from "./kinds.ts";
import type { LedgerEntry } from "./ledger.ts";
import { IrcTestClient } from "./test-clients.ts";

/** Seeded chat in live channels, as a client receives it and as the ledger records it. */

const sims: RunningSimulator[] = [];
function sim(seed = 9, chat: Parameters<typeof startSimulator>[0]["chat"] = {}) {
  const clock = manualClock();
  const running = startSimulator({ log: quietLog, port: 0, seed, clock, chat });
  sims.push(running);
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${running.url}/sim${path}`, { method: "POST", body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const ledger = async (login: string, query = "") =>
    (await (await fetch(`${running.url}/sim/channels/${login}/chat/ledger${query}`)).json()) as {
      total: number;
      entries: LedgerEntry[];
      next_since: number | null;
    };
  return { running, clock, post, ledger, irc: `${running.url.replace("http", "ws")}/irc` };
}
afterAll(async () => {
  for (const running of sims) await running.stop();
});

/** What kind of chat line a client sees, told from the line alone. */
function kindOf(m: IrcMessage): string {
  const text = m.params[1] ?? "";
  switch (m.command) {
    case "PRIVMSG":
      if (text.startsWith("\u0001ACTION ")) return "action";
      if (m.tags.bits) return "cheer";
      return m.tags["reply-parent-msg-id"] ? "reply" : "message";
    case "USERNOTICE":
      return m.tags["msg-id"] ?? "?";
    case "CLEARCHAT":
      return m.tags["ban-duration"] ? "timeout" : m.params[1] ? "ban" : "clear";
    case "CLEARMSG":
      return "deletion";
    default:
      return m.command.toLowerCase();
  }
}

const CHAT_COMMANDS = new Set(["PRIVMSG", "USERNOTICE", "CLEARCHAT", "CLEARMSG", "ROOMSTATE"]);
const USER_TAGS = [
  "badge-info",
  "badges",
  "color",
  "display-name",
  "emotes",
  "first-msg",
  "flags",
  "id",
  "mod",
  "returning-chatter",
  "room-id",
  "subscriber",
  "tmi-sent-ts",
  "turbo",
  "user-id",
  "user-type",
];

describe("chat in live channels", () => {
  const { running, clock, post, ledger, irc } = sim();
  const { state } = running.ctx;
  const start = clock.now();
  let client: IrcTestClient;
  let joined = 0;
  const books = new Map<string, LedgerEntry[]>();
  const lines = new Map<string, IrcMessage[]>();

  beforeAll(async () => {
    for (const login of ["kitchen_lab", "speedrun_sam"]) {
      expect((await post(`/channels/${login}/live`, {})).status).toBe(200);
      const tuned = await post(`/channels/${login}/chat`, { rate_per_second: 50, kinds: SIM_CHAT_KINDS });
      expect(tuned.json).toMatchObject({ rate_per_second: 50, live: true, default_rate: false });
    }
    client = await IrcTestClient.connect(irc);
    await client.signIn(["kitchen_lab", "speedrun_sam"]);
    joined = client.received.length;
    clock.advance(20_000);
    for (const login of ["kitchen_lab", "speedrun_sam"]) {
      const book = await ledger(login);
      books.set(login, book.entries);
      const got = await client.waitFor(
        (m) => CHAT_COMMANDS.has(m.command) && m.params[0] === `#${login}`,
        1001,
      );
      lines.set(login, got.slice(1)); // the first is the JOIN's ROOMSTATE
    }
  });
  afterAll(() => client.close());

  test("one socket joined to two channels gets each one's lines; the ledger lists exactly what arrived", () => {
    for (const login of ["kitchen_lab", "speedrun_sam"]) {
      const book = books.get(login) ?? [];
      const got = lines.get(login) ?? [];
      // 20 simulated seconds at 50 a second, each handed to the one socket joined.
      expect(book).toHaveLength(1000);
      expect(book.every((e) => e.delivered_to === 1)).toBe(true);
      const roomId = state.requireChannel(login).user.id;
      expect(got.every((m) => m.tags["room-id"] === roomId)).toBe(true);
      // Line for line: kind, id (where the line has one) and Twitch's timestamp.
      expect(
        got.map((m) => ({
          kind: kindOf(m),
          at: m.command === "ROOMSTATE" ? null : Number(m.tags["tmi-sent-ts"]),
          id: m.tags.id ?? null,
        })),
      ).toEqual(
        book.map((e) => ({
          kind: e.kind,
          at: e.kind === "roomstate" ? null : e.sent_at_ms,
          id: ["timeout", "ban", "clear", "deletion", "roomstate"].includes(e.kind) ? null : e.id,
        })),
      );
      expect(new Set(got.map(kindOf))).toEqual(new Set(SIM_CHAT_KINDS));
      // Stamped by the simulator's clock, in order, inside the 20 s that passed.
      const stamps = book.map((e) => e.sent_at_ms);
      expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
      expect(stamps[0]).toBeGreaterThan(start);
      expect(stamps[stamps.length - 1]).toBeLessThanOrEqual(start + 20_000);
    }
    const received = client.received.slice(joined);
    // Batched: far fewer frames than lines; every raw line parses back to what the client got.
    expect(new Set(received.map((r) => r.frame)).size).toBeLessThan(received.length / 10);
    for (const r of received) expect(parseIrcLine(r.raw)).toEqual(r.message);
  });

  test("viewers' messages carry Twitch's user tags; replies and cheers theirs", () => {
    const privmsgs = [...lines.values()].flat().filter((m) => m.command === "PRIVMSG");
    for (const m of privmsgs) {
      expect(Object.keys(m.tags)).toEqual(expect.arrayContaining(USER_TAGS));
      expect(m.prefix?.nick).toBe(m.prefix?.user ?? "");
      expect(m.tags.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(m.tags["tmi-sent-ts"]).toMatch(/^\d{13}$/);
    }
    const colors = privmsgs.map((m) => m.tags.color);
    expect(colors).toContain("");
    expect(colors.some((c) => /^#[0-9A-F]{6}$/.test(c ?? ""))).toBe(true);
    expect(privmsgs.some((m) => m.tags["first-msg"] === "1")).toBe(true);
    expect(
      privmsgs.some(
        (m) => m.tags["display-name"] !== m.prefix?.nick && /[^ -~]/.test(m.tags["display-name"] ?? ""),
      ),
    ).toBe(true);

    const replies = privmsgs.filter((m) => m.tags["reply-parent-msg-id"]);
    const sentIds = new Set(privmsgs.map((m) => m.tags.id));
    for (const reply of replies) {
      expect(sentIds.has(reply.tags["reply-parent-msg-id"])).toBe(true);
      expect(reply.params[1]).toStartWith(`@${reply.tags["reply-parent-display-name"]} `);
      expect(reply.tags["reply-parent-user-login"]).toMatch(/^[a-z0-9_]+$/);
      expect(reply.tags["reply-thread-parent-msg-id"]).toBeTruthy();
    }
    // A parent's text is a tag value: spaces and semicolons escaped on the wire, back to text when parsed.
    expect(replies.some((r) => (r.tags["reply-parent-msg-body"] ?? "").includes(" "))).toBe(true);

    for (const cheer of privmsgs.filter((m) => m.tags.bits)) {
      const amounts = [...(cheer.params[1] ?? "").matchAll(/\bCheer(\d+)\b/g)].map((c) => Number(c[1]));
      expect(amounts.reduce((a, b) => a + b, 0)).toBe(Number(cheer.tags.bits));
    }
  });

  test("emote positions count code points: an emoji outside the BMP before an emote counts once", () => {
    const withEmotes = [...lines.values()]
      .flat()
      .filter((m) => (m.command === "PRIVMSG" || m.command === "USERNOTICE") && m.tags.emotes);
    expect(withEmotes.length).toBeGreaterThan(50);
    let utf16Differs = 0;
    for (const m of withEmotes) {
      const raw = m.params[1] ?? "";
      const text = raw.startsWith("\u0001ACTION ") ? raw.slice(8, -1) : raw;
      const points = [...text];
      for (const group of (m.tags.emotes ?? "").split("/")) {
        const [id, ranges] = group.split(":") as [string, string];
        for (const range of ranges.split(",")) {
          const [begin, end] = range.split("-").map(Number) as [number, number];
          expect(points.slice(begin, end + 1).join("")).toBe(emoteById(id)?.name ?? "?");
          if (text.slice(begin, end + 1) !== emoteById(id)?.name) utf16Differs++;
        }
      }
    }
    expect(utf16Differs).toBeGreaterThan(0);
  });

  test("notices and moderation carry their msg-ids, system messages and targets", () => {
    const all = [...lines.values()].flat();
    const notices = all.filter((m) => m.command === "USERNOTICE");
    const param = (kind: string, tag: string) =>
      notices.filter((m) => m.tags["msg-id"] === kind).every((m) => (m.tags[tag] ?? "") !== "");
    for (const n of notices) {
      expect(Object.keys(n.tags)).toEqual(
        expect.arrayContaining([
          ...USER_TAGS.filter((t) => t !== "first-msg" && t !== "returning-chatter"),
          "login",
          "msg-id",
          "system-msg",
        ]),
      );
      expect(n.prefix?.nick).toBe("tmi.twitch.tv");
    }
    expect(param("sub", "msg-param-sub-plan")).toBe(true);
    expect(param("resub", "msg-param-cumulative-months")).toBe(true);
    expect(param("subgift", "msg-param-recipient-user-name")).toBe(true);
    expect(param("submysterygift", "msg-param-mass-gift-count")).toBe(true);
    expect(param("raid", "msg-param-viewerCount")).toBe(true);
    expect(param("announcement", "msg-param-color")).toBe(true);
    expect(notices.find((m) => m.tags["msg-id"] === "sub")?.tags["system-msg"]).toMatch(
      / subscribed (at Tier \d|with Prime)\.$/,
    );
    expect(notices.some((m) => m.tags["msg-id"] === "resub" && m.params[1])).toBe(true);

    const ids = all.map((m) => m.tags.id).filter(Boolean);
    for (const clear of all.filter((m) => m.command === "CLEARMSG")) {
      // The deleted message was sent earlier in the same channel; its text comes along.
      expect(ids).toContain(clear.tags["target-msg-id"]);
      expect(clear.tags.login).toMatch(/^[a-z0-9_]+$/);
    }
    const timeouts = all.filter((m) => m.command === "CLEARCHAT" && m.tags["ban-duration"]);
    expect(
      timeouts.every((m) => Number(m.tags["ban-duration"]) > 0 && m.tags["target-user-id"] && m.params[1]),
    ).toBe(true);
    expect(all.some((m) => m.command === "CLEARCHAT" && m.params.length === 1)).toBe(true);
    const changes = all.filter((m) => m.command === "ROOMSTATE");
    // A change carries room-id and the one mode that changed.
    expect(changes.every((m) => Object.keys(m.tags).length === 2)).toBe(true);
  });
});

describe("chat over time", () => {
  test("PART stops a channel's lines at once; the ledger shows nobody got the rest", async () => {
    const { clock, post, ledger, irc } = sim(31);
    await post("/channels/kitchen_lab/live", {});
    await post("/channels/kitchen_lab/chat", { rate_per_second: 10, kinds: ["message"] });
    const client = await IrcTestClient.connect(irc);
    await client.signIn(["kitchen_lab"]);
    clock.advance(1_000);
    await ledger("kitchen_lab");
    client.send("PART #kitchen_lab");
    await client.waitFor((m) => m.command === "PART");
    clock.advance(1_000);
    const book = (await ledger("kitchen_lab")).entries;
    expect(book.map((e) => e.delivered_to)).toEqual([...Array(10).fill(1), ...Array(10).fill(0)]);
    expect(client.messages("PRIVMSG").map((m) => m.tags.id)).toEqual(book.slice(0, 10).map((e) => e.id));
    client.close();
  });

  test("on a running clock chat arrives by itself, stamped with simulated time", async () => {
    const running = startSimulator({ log: quietLog, port: 0, seed: 8, warp: 50, chat: { tick_ms: 20 } });
    sims.push(running);
    await fetch(`${running.url}/sim/channels/night_owl_music/live`, { method: "POST", body: "{}" });
    const client = await IrcTestClient.connect(`${running.url.replace("http", "ws")}/irc`);
    await client.signIn(["night_owl_music"]);
    const before = running.ctx.state.clock.now();
    await fetch(`${running.url}/sim/channels/night_owl_music/chat`, {
      method: "POST",
      body: JSON.stringify({ rate_per_second: 10 }),
    });
    // 10 a simulated second at 50× is 500 a real second: 200 lines without anyone stepping the clock.
    const got = await client.waitFor((m) => m.command === "PRIVMSG" || m.command === "USERNOTICE", 200);
    const stamps = got.map((m) => Number(m.tags["tmi-sent-ts"]));
    expect(Math.min(...stamps)).toBeGreaterThanOrEqual(before);
    expect(Math.max(...stamps)).toBeLessThanOrEqual(running.ctx.state.clock.now());
    // Far ahead of the host's clock: simulated time, not Date.now().
    expect(Math.max(...stamps) - Date.now()).toBeGreaterThan(5_000);
    client.close();
  });
});

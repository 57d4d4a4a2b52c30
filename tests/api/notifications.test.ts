import { afterAll, describe, expect, test } from "bun:test";
import { DIALECTS } from "../../src/db/contract/harness.ts";
import { apiWorld } from "../support/api.ts";
import { failure } from "../support/api-unit.ts";
import { startNotificationReceiver } from "../support/notification-receiver.ts";

// The notification procedures over the real services and both databases: a target's secrets go in and
// never come out, an update that leaves them empty keeps them, and inputs are refused naming the field.

const receiver = startNotificationReceiver();
afterAll(() => receiver.stop());

const DISCORD_TOKEN = "dXNlLXRoaXMtdG9rZW4tb25seS1pbi10ZXN0cw";
for (const dialect of DIALECTS) {
  describe(`notification procedures [${dialect}]`, () => {
    test("a created target's secret is never returned, and an update leaving it empty keeps it", async () => {
      const world = await apiWorld(dialect, { env: { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" } });
      try {
        const owner = world.as(await world.user("owner"));
        const hook = `/api/webhooks/77/${DISCORD_TOKEN}-${dialect}`;
        const created = await owner.notification.create({
          name: "Discord",
          events: ["went_live", "recording_failed"],
          config: { kind: "discord", webhook_url: `${receiver.url}${hook}`, username: "replayd" },
        });
        expect(created).toMatchObject({
          name: "Discord",
          kind: "discord",
          enabled: true,
          events: ["went_live", "recording_failed"],
          config: { kind: "discord", username: "replayd", has_webhook_url: true },
        });
        const everything = JSON.stringify([
          created,
          await owner.notification.targets(),
          await owner.notification.deliveries(),
        ]);
        expect(everything).not.toContain(DISCORD_TOKEN);
        expect(everything).not.toContain(receiver.url);

        // Saved again without the URL: the stored one is kept (the test send reaches it).
        const updated = await owner.notification.update({
          id: created.id,
          name: "Discord (renamed)",
          events: ["went_live"],
          config: { kind: "discord", webhook_url: "" },
        });
        expect(updated.config).toEqual({ kind: "discord", has_webhook_url: true });
        expect(JSON.stringify(updated)).not.toContain(DISCORD_TOKEN);
        expect(await owner.notification.test({ id: created.id })).toMatchObject({ ok: true, status: 200 });
        expect(receiver.at(hook)).toHaveLength(1);
      } finally {
        await world.dispose();
      }
    }, 30_000);

    test("inputs are refused naming the field and the fix", async () => {
      const world = await apiWorld(dialect, { env: { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" } });
      try {
        const owner = world.as(await world.user("owner"));
        const unknownVariable = await failure(
          owner.notification.create({
            name: "ntfy",
            templates: { went_live: { title: "{streamer} is live", body: "" } },
            config: { kind: "ntfy", topic: "replayd" },
          }),
        );
        expect(unknownVariable.code).toBe("BAD_REQUEST");
        expect(unknownVariable.message).toStartWith(
          "templates.went_live.title: uses an unknown variable {streamer}: use one of {event}",
        );
        const missingSecret = await failure(
          owner.notification.create({ name: "tg", config: { kind: "telegram", chat_id: "42" } }),
        );
        expect(missingSecret.message).toBe("config.bot_token: give the bot token @BotFather gave you");
        const privateServer = await failure(
          owner.notification.create({
            name: "gotify",
            config: { kind: "gotify", server: "http://192.168.1.20", app_token: "k" },
          }),
        );
        expect(privateServer.message).toBe(
          "config.server points at 192.168.1.20, a private address: add 192.168.1.20 to WEBHOOK_ALLOWED_HOSTS to allow it",
        );
        const made = await owner.notification.create({ name: "n", config: { kind: "ntfy", topic: "t" } });
        const kindChange = await failure(
          owner.notification.update({
            id: made.id,
            name: "n",
            config: { kind: "gotify", server: "https://g.example" },
          }),
        );
        expect(kindChange.message).toStartWith(
          "config.kind: this target sends to ntfy; a kind cannot change",
        );
        const preview = await failure(
          owner.notification.preview({ event: "went_live", template: { title: "{channel", body: "" } }),
        );
        expect(preview.message).toBe("template.title: has a { that is never closed: write {{ for a brace");
        expect(
          await owner.notification.preview({
            event: "went_live",
            template: { title: "{channel} live", body: "{category}" },
          }),
        ).toEqual({ title: "Speedrunner live", body: "Celeste" });
      } finally {
        await world.dispose();
      }
    }, 30_000);

    test("only the owner reaches them", async () => {
      const world = await apiWorld(dialect);
      try {
        const admin = world.as(await world.user("admin"));
        expect((await failure(admin.notification.targets())).code).toBe("FORBIDDEN");
        expect((await failure(world.as(null).notification.deliveries())).code).toBe("UNAUTHORIZED");
      } finally {
        await world.dispose();
      }
    }, 30_000);
  });
}

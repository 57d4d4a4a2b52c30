import { afterAll, describe, expect, test } from "bun:test";
import { freshDatabase } from "../../tests/support/databases.ts";
import { quiet } from "../../tests/support/recorder.ts";
import { until } from "../../tests/support/webhook-receiver.ts";
import { secretSealer, TokenCipher } from "../auth/crypto.ts";
import { DIALECTS } from "../db/contract/harness.ts";
import { createRepository, type Repository } from "../db/repository.ts";
import { parseAllowList } from "../net/outbound.ts";
import { WebhookDispatcher } from "./dispatcher.ts";
import { randomMessageId } from "./messages.ts";
import { PartDownloadSigner } from "./signed-url.ts";
import { WEBHOOK_ALLOW_SETTING } from "./url-rules.ts";

// Two dispatchers (as two processes would be) over one outbox: every message goes out exactly once, and
// each keeps to its concurrency bound. Both databases: Postgres claims with FOR UPDATE SKIP LOCKED.
const held: { id: string }[] = [];
let inFlight = 0;
let maxInFlight = 0;
const receiver = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(req) {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    held.push({ id: req.headers.get("Replayd-Webhook-Id") ?? "" });
    await Bun.sleep(40); // a receiver that takes a moment, so sends overlap
    inFlight--;
    return new Response("ok");
  },
});
afterAll(() => receiver.stop(true));

async function queueTests(repo: Repository, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomMessageId();
    ids.push(id);
    await repo.webhookDeliveries.enqueue({
      message_id: id,
      dedupe_key: `recording.test:${id}`,
      event: "recording.test",
      video_id: null,
      test: true,
    });
  }
  return ids;
}

for (const dialect of DIALECTS) {
  describe(`webhook dispatcher [${dialect}]`, () => {
    test("two dispatchers on one outbox send each message once, at most `concurrency` at a time each", async () => {
      const database = await freshDatabase(dialect);
      try {
        const [a, b] = [createRepository(await database.open()), createRepository(await database.open())];
        await a.serverSettings.update({
          recording_webhook_url: `http://127.0.0.1:${receiver.port}/hook-${dialect}`,
          recording_webhook_secret: "s3cret",
        });
        const ids = await queueTests(a, 24);
        held.length = 0;
        maxInFlight = 0;
        const signer = new PartDownloadSigner("a-session-secret-of-at-least-32-characters");
        const sealer = secretSealer(new TokenCipher("a-session-secret-of-at-least-32-characters"), "test");
        // The receiver is on this machine: allowed by the list, as WEBHOOK_ALLOWED_HOSTS=127.0.0.1 would.
        const outbound = { allow: parseAllowList(["127.0.0.1"], WEBHOOK_ALLOW_SETTING) };
        const dispatchers = [a, b].map(
          (repo) =>
            new WebhookDispatcher({
              repo,
              signer,
              sealer,
              log: quiet,
              concurrency: 3,
              pollMs: 600_000,
              outbound,
            }),
        );
        for (const d of dispatchers) await d.start("http://127.0.0.1:1");
        await until("every delivery", async () =>
          (await a.webhookDeliveries.listRecent(50)).every((d) => d.status === "delivered"),
        );
        for (const d of dispatchers) await d.drain(1000);
        expect(held.map((h) => h.id).sort()).toEqual([...ids].sort());
        expect(maxInFlight).toBeGreaterThan(3); // both worked
        expect(maxInFlight).toBeLessThanOrEqual(6);
        expect((await a.webhookDeliveries.listRecent(50)).every((d) => d.attempts === 1)).toBe(true);
      } finally {
        await database.dispose();
      }
    }, 30_000);
  });
}

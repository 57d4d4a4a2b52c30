import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { type FreshDatabase, freshDatabase } from "../../tests/support/databases.ts";
import { secretSealer, TokenCipher } from "../auth/crypto.ts";
import { DIALECTS } from "../db/contract/harness.ts";
import { createRepository, type Repository } from "../db/repository.ts";
import { sealedEventSubSecret, sealStoredSecrets } from "./sealed-secrets.ts";

const cipher = new TokenCipher("a-session-secret-of-at-least-32-characters-long");
const warnings: string[] = [];
const infos: string[] = [];
const log = {
  warn: (message: string) => void warnings.push(message),
  info: (message: string) => void infos.push(message),
};
const sealers = {
  eventsub: secretSealer(cipher, "server_settings.eventsub_secret"),
  recordingWebhook: secretSealer(cipher, "server_settings.recording_webhook_secret"),
};

for (const dialect of DIALECTS) {
  describe(`secrets kept in server_settings [${dialect}]`, () => {
    let database: FreshDatabase;
    let repo: Repository;
    beforeEach(async () => {
      database = await freshDatabase(dialect);
      repo = createRepository(await database.open());
    });
    afterEach(() => database.dispose());

    test("the EventSub secret is made sealed: the stored value does not hold it, every start opens the same", async () => {
      const secret = await sealedEventSubSecret(repo, sealers.eventsub, log);
      const stored = (await repo.serverSettings.get()).eventsub_secret ?? "";
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.startsWith("v1.")).toBe(true);
      expect(stored).not.toContain(secret);
      expect(await sealedEventSubSecret(repo, sealers.eventsub, log)).toBe(secret);
    });

    test("HMAC_SECRET is the secret the first start stores; a later start keeps it and says a new one is ignored", async () => {
      expect(await sealedEventSubSecret(repo, sealers.eventsub, log, "seeded-secret-0123")).toBe(
        "seeded-secret-0123",
      );
      expect((await repo.serverSettings.get()).eventsub_secret).not.toContain("seeded-secret-0123");
      infos.length = 0;
      expect(await sealedEventSubSecret(repo, sealers.eventsub, log, "another-secret-4567")).toBe(
        "seeded-secret-0123",
      );
      expect(infos.join("\n")).toContain("HMAC_SECRET ignored");
      infos.length = 0;
      expect(await sealedEventSubSecret(repo, sealers.eventsub, log, "seeded-secret-0123")).toBe(
        "seeded-secret-0123",
      );
      expect(infos).toEqual([]);
    });

    test("one sealed under another SESSION_SECRET is replaced, with a warning, instead of stopping the start", async () => {
      const other = secretSealer(new TokenCipher("another-session-secret-of-at-least-32-chars"), "x");
      await repo.serverSettings.ensureEventSubSecret(other.seal("theirs"));
      warnings.length = 0;
      const secret = await sealedEventSubSecret(repo, sealers.eventsub, log);
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      expect(warnings.join("\n")).toContain("another SESSION_SECRET");
      expect(await sealedEventSubSecret(repo, sealers.eventsub, log)).toBe(secret);
    });

    test("secrets an older replayd stored in plain are sealed at the next start, and still open the same", async () => {
      await repo.serverSettings.ensureEventSubSecret("plain-eventsub-secret");
      await repo.serverSettings.update({ recording_webhook_secret: "plain-webhook-secret" });
      await sealStoredSecrets(repo, sealers);
      const stored = await repo.serverSettings.get();
      expect(stored.eventsub_secret?.startsWith("v1.")).toBe(true);
      expect(stored.recording_webhook_secret?.startsWith("v1.")).toBe(true);
      expect(sealers.eventsub.open(stored.eventsub_secret ?? "")).toBe("plain-eventsub-secret");
      expect(sealers.recordingWebhook.open(stored.recording_webhook_secret ?? "")).toBe(
        "plain-webhook-secret",
      );
      expect(await sealedEventSubSecret(repo, sealers.eventsub, log)).toBe("plain-eventsub-secret");
      // A value sealed for one setting does not open as another.
      expect(() => sealers.recordingWebhook.open(stored.eventsub_secret ?? "")).toThrow();
    });
  });
}

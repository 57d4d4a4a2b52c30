import { randomBytes } from "node:crypto";
import type { Repository } from "../db/repository.ts";
import type { SecretSealer } from "../domain/secrets.ts";

type Settings = Pick<Repository, "serverSettings">;

/** The EventSub signing secret, made (sealed) on the first start: instances starting together share one. */
export async function sealedEventSubSecret(repo: Settings, sealer: SecretSealer): Promise<string> {
  const stored = await repo.serverSettings.ensureEventSubSecret(sealer.seal(randomBytes(32).toString("hex")));
  return sealer.open(stored);
}

/** Seals the secrets an older replayd stored in plain (once: sealed values are left as they are). */
export async function sealStoredSecrets(
  repo: Settings,
  sealers: { eventsub: SecretSealer; recordingWebhook: SecretSealer },
): Promise<void> {
  const settings = await repo.serverSettings.get();
  const { eventsub_secret: eventsub, recording_webhook_secret: webhook } = settings as {
    eventsub_secret: string | null;
    recording_webhook_secret: string | null;
  };
  if (eventsub && !sealers.eventsub.isSealed(eventsub))
    await repo.serverSettings.replaceEventSubSecret(eventsub, sealers.eventsub.seal(eventsub));
  if (webhook && !sealers.recordingWebhook.isSealed(webhook))
    await repo.serverSettings.update({ recording_webhook_secret: sealers.recordingWebhook.seal(webhook) });
}

import { randomBytes } from "node:crypto";
import type { Repository } from "../db/repository.ts";
import type { SecretSealer } from "../domain/secrets.ts";
import type { Logger } from "../log/logger.ts";

type Settings = Pick<Repository, "serverSettings">;

/**
 * The EventSub signing secret, made (sealed) on the first start from HMAC_SECRET or at random: instances
 * starting together share one.
 * One sealed under another SESSION_SECRET (it changed, or instances do not share it) cannot be opened:
 * a new one replaces it, said in the log, rather than a server that does not start.
 */
export async function sealedEventSubSecret(
  repo: Settings,
  sealer: SecretSealer,
  log: Pick<Logger, "warn" | "info">,
  /** HMAC_SECRET: the secret the first start stores; ignored once one is stored. */
  seed = "",
): Promise<string> {
  const made = () => sealer.seal(seed || randomBytes(32).toString("hex"));
  const stored = await repo.serverSettings.ensureEventSubSecret(made());
  try {
    const secret = sealer.open(stored);
    if (seed && secret !== seed) {
      log.info("HMAC_SECRET ignored: the EventSub secret was stored by an earlier start and stays as it is");
    }
    return secret;
  } catch {
    log.warn(
      "the EventSub secret was sealed under another SESSION_SECRET: made a new one (give every instance the " +
        "same SESSION_SECRET); subscriptions made with the old one fail verification until they are re-created",
    );
    await repo.serverSettings.replaceEventSubSecret(stored, made());
    return sealer.open((await repo.serverSettings.get()).eventsub_secret as string);
  }
}

/** Seals the secrets an older replayd stored in plain (once: sealed values are left as they are). */
export async function sealStoredSecrets(
  repo: Settings,
  sealers: { eventsub: SecretSealer; recordingWebhook: SecretSealer },
): Promise<void> {
  const { eventsub_secret: eventsub, recording_webhook_secret: webhook } = await repo.serverSettings.get();
  if (eventsub && !sealers.eventsub.isSealed(eventsub))
    await repo.serverSettings.replaceEventSubSecret(eventsub, sealers.eventsub.seal(eventsub));
  if (webhook && !sealers.recordingWebhook.isSealed(webhook))
    await repo.serverSettings.update({ recording_webhook_secret: sealers.recordingWebhook.seal(webhook) });
}

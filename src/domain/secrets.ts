/**
 * Secrets kept in the database (the EventSub signing secret, the recording webhook's secret) are sealed
 * with the key the Twitch tokens use: a copy of the database alone does not give them away. Values stored
 * before sealing existed are read as they are and sealed at the next start.
 */
export interface SecretSealer {
  seal(value: string): string;
  /** The secret in `stored`, sealed or (from before) plain. @throws when sealed with another key */
  open(stored: string): string;
  /** Whether `stored` is sealed (a plain value from before is not). */
  isSealed(stored: string): boolean;
}

/**
 * The stored secret, or null when it was sealed under another SESSION_SECRET (it changed, or instances do
 * not share it): the owner then sees none, and turning the webhook on or regenerating makes a new one.
 */
export function openSealed(sealer: SecretSealer, stored: string): string | null {
  try {
    return sealer.open(stored);
  } catch {
    return null;
  }
}

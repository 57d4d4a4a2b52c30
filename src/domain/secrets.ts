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

/** Where the repository gets "now" (created_at, updated_at, expiry checks). Tests pass a controllable one. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function isoNow(clock: Clock): string {
  return clock().toISOString();
}

export function isoPlus(clock: Clock, ms: number): string {
  return new Date(clock().getTime() + ms).toISOString();
}

import type { Config } from "../config/schema.ts";

/**
 * The Twitch application settings that are not set: empty when sign-in and Helix can work. The simulator
 * takes any credentials, so nothing is missing when replayd talks to it.
 */
export function missingTwitchApp(
  twitch: Pick<Config["twitch"], "client_id" | "client_secret">,
  simulated: boolean,
): string[] {
  if (simulated) return [];
  const missing: string[] = [];
  if (twitch.client_id === "") missing.push("TWITCH_CLIENT_ID");
  if (twitch.client_secret === "") missing.push("TWITCH_CLIENT_SECRET");
  return missing;
}

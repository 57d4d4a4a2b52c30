import type { SimState } from "./state.ts";

/**
 * The world `replayd sim` starts with: a handful of channels in real Twitch categories and one viewer who
 * follows them all, so the simulator is useful on its own (and `npm run demo` has something to record).
 */
export const FIXTURE_CATEGORIES = [
  { id: "509658", name: "Just Chatting", igdb_id: "" },
  { id: "32982", name: "Grand Theft Auto V", igdb_id: "1020" },
  { id: "21779", name: "League of Legends", igdb_id: "115" },
  { id: "26936", name: "Music", igdb_id: "" },
  { id: "509660", name: "Art", igdb_id: "" },
  { id: "27471", name: "Minecraft", igdb_id: "121" },
  { id: "1469308723", name: "Software and Game Development", igdb_id: "" },
  { id: "509670", name: "Science & Technology", igdb_id: "" },
  { id: "33214", name: "Fortnite", igdb_id: "1905" },
  { id: "490100", name: "Lost Ark", igdb_id: "22439" },
];

export const FIXTURE_CHANNELS = [
  {
    login: "kitchen_lab",
    display_name: "KitchenLab",
    category_id: "509658",
    title: "Sourdough from scratch",
  },
  {
    login: "speedrun_sam",
    display_name: "SpeedrunSam",
    category_id: "27471",
    title: "Any% world record attempts",
  },
  {
    login: "night_owl_music",
    display_name: "NightOwlMusic",
    category_id: "26936",
    title: "Lo-fi until sunrise",
  },
  { login: "retro_arena", display_name: "RetroArena", category_id: "32982", title: "Heists with chat" },
  {
    login: "code_garden",
    display_name: "CodeGarden",
    category_id: "1469308723",
    title: "Building a compiler",
  },
];

export const FIXTURE_VIEWER = "sim_viewer";

export function loadFixture(state: SimState): void {
  for (const category of FIXTURE_CATEGORIES) state.addCategory(category);
  // The viewer comes first: OAuth's authorize signs in as the first user when no login is given.
  state.createUser({ login: FIXTURE_VIEWER, display_name: "SimViewer" });
  for (const channel of FIXTURE_CHANNELS) {
    state.createUser({ login: channel.login, display_name: channel.display_name });
    state.updateInfo(channel.login, { title: channel.title, category_id: channel.category_id });
    state.follow(FIXTURE_VIEWER, channel.login);
  }
}

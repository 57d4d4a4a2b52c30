import type { Repository } from "../db/repository.ts";
import type { HelixClient } from "../twitch/helix.client.ts";

/**
 * Box art and IGDB ids for categories replayd has seen but never looked up: Helix /games, 100 at a time.
 * A category Twitch does not know is marked checked (no art) so it is not asked for again and again.
 */
export class CategoryArtSync {
  constructor(private readonly deps: { repo: Pick<Repository, "categories">; helix: HelixClient }) {}

  /** `igdbIds`: categories that got an IGDB id (their metadata can be fetched now). */
  async run(): Promise<{ updated: number; igdbIds: number }> {
    let updated = 0;
    let igdbIds = 0;
    for (;;) {
      const missing = await this.deps.repo.categories.listMissingArt(100);
      if (missing.length === 0) return { updated, igdbIds };
      const games = new Map((await this.deps.helix.games(missing.map((c) => c.id))).map((g) => [g.id, g]));
      for (const category of missing) {
        const game = games.get(category.id);
        await this.deps.repo.categories.setArt(category.id, {
          box_art_url: game?.box_art_url || null,
          igdb_id: game?.igdb_id || null,
        });
        if (game) updated++;
        if (game?.igdb_id && game.igdb_id !== category.igdb_id) igdbIds++;
      }
      if (missing.length < 100) return { updated, igdbIds };
    }
  }
}

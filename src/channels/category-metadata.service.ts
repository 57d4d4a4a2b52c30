import type { Repository } from "../db/repository.ts";
import { type Clock, systemClock } from "../lib/clock.ts";
import { IGDB_BATCH, type IgdbClient } from "../twitch/igdb.client.ts";

/** A category's game is asked about again after a week (IGDB's descriptions and genres change slowly). */
export const RECHECK_MS = 7 * 24 * 3600 * 1000;
/** IGDB allows 4 requests a second: a quarter of a second between batches keeps under it. */
const PAUSE_MS = 250;

export type MetadataRun =
  | { kind: "skipped"; reason: string }
  | { kind: "done"; checked: number; described: number };

/** Why the task cannot run without a Twitch application: IGDB takes Twitch's app credentials. */
export const NO_CREDENTIALS =
  "no Twitch application configured (TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET): IGDB takes its credentials";

/**
 * Descriptions, genres and release years of categories' games from IGDB: the categories with an IGDB id
 * (Helix /games gives it) never asked about, or not for a week, 100 a query, a pause between queries. A
 * game IGDB does not know is recorded as checked with nothing, so it waits a week like the others.
 */
export class CategoryMetadataSync {
  private readonly clock: Pick<Clock, "sleep">;

  constructor(
    private readonly deps: {
      repo: Pick<Repository, "categories">;
      /** Null without a Twitch application: the run is skipped, saying why. */
      igdb: Pick<IgdbClient, "games"> | null;
      clock?: Pick<Clock, "sleep">;
    },
  ) {
    this.clock = deps.clock ?? systemClock;
  }

  async run(now: Date, signal?: AbortSignal): Promise<MetadataRun> {
    const { igdb, repo } = this.deps;
    if (!igdb) return { kind: "skipped", reason: NO_CREDENTIALS };
    const checkedBefore = new Date(now.getTime() - RECHECK_MS).toISOString();
    let checked = 0;
    let described = 0;
    // Each batch is marked checked as it lands, so the next query finds the ones still due; those this run
    // has seen are left out all the same (their new check time sorts them last), so the run always ends.
    const seen = new Set<string>();
    for (let batch = 0; ; batch++) {
      if (signal?.aborted) throw new Error("stopped before every category was checked");
      const listed = await repo.categories.listNeedingMetadata(checkedBefore, IGDB_BATCH);
      const due = listed.filter((c) => !seen.has(c.id));
      if (due.length === 0) break;
      for (const category of due) seen.add(category.id);
      if (batch > 0) await this.clock.sleep(PAUSE_MS, signal);
      const valid = due.filter((c) => /^\d+$/.test(c.igdb_id ?? ""));
      const games = new Map(
        (
          await igdb.games(
            valid.map((c) => c.igdb_id as string),
            signal,
          )
        ).map((g) => [g.id, g]),
      );
      for (const category of due) {
        const game = games.get(category.igdb_id ?? "");
        await repo.categories.setMetadata(category.id, {
          description: game?.summary ?? null,
          genres: game?.genres ?? [],
          release_year: game?.releaseYear ?? null,
        });
        if (game) described++;
      }
      checked += due.length;
      if (listed.length < IGDB_BATCH) break;
    }
    return { kind: "done", checked, described };
  }
}

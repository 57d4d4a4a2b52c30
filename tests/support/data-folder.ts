import { join } from "node:path";
import { openDatabase } from "../../src/db/connection.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createRepository, type Repository } from "../../src/db/repository.ts";
import { simUserIds } from "./sign-in.ts";

/**
 * A replayd data folder as the API would leave it before the server starts: migrated, the simulator's
 * `sim_viewer` signed up, `logins` watched, then whatever `seed` adds (schedules…). The database is closed
 * again, so a server process can open it.
 */
export async function prepareDataFolder(
  simUrl: string,
  dataDir: string,
  logins: readonly string[],
  seed: (repo: Repository, ids: Record<string, string>) => Promise<void> = async () => {},
): Promise<void> {
  const db = await openDatabase(`sqlite:${join(dataDir, "replayd.db")}`);
  await migrate(db);
  const repo = createRepository(db);
  const ids = await simUserIds(simUrl);
  await repo.users.upsertOnSignIn({
    id: ids.sim_viewer as string,
    login: "sim_viewer",
    display_name: "SimViewer",
  });
  for (const login of logins) {
    await repo.channels.upsert({
      broadcaster_id: ids[login] as string,
      broadcaster_login: login,
      broadcaster_name: login,
    });
  }
  await seed(repo, ids);
  await db.close();
}

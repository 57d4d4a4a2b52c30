// Seeds a realistic library for benchmarks and for trying the dashboard:
//   DATABASE_URL=sqlite:./data/replayd.db node_modules/.bin/bun scripts/seed.ts --videos 100000
// Options: --videos N (100000), --channels N (500), --categories N (300), --seed N (42). The database is
// migrated first; one that already holds videos is refused.
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrate.ts";
import { DEFAULT_SEED, seedLibrary } from "./lib/seed-library.ts";

const { values } = parseArgs({
  options: {
    videos: { type: "string" },
    channels: { type: "string" },
    categories: { type: "string" },
    seed: { type: "string" },
  },
});

const count = (name: string, value: string | undefined, fallback: number) => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name}: expected a positive whole number, got "${value}"`);
    process.exit(2);
  }
  return n;
};

const url = process.env.DATABASE_URL ?? "sqlite:./data/replayd.db";
const options = {
  ...DEFAULT_SEED,
  videos: count("videos", values.videos, DEFAULT_SEED.videos),
  channels: count("channels", values.channels, DEFAULT_SEED.channels),
  categories: count("categories", values.categories, DEFAULT_SEED.categories),
  seed: count("seed", values.seed, DEFAULT_SEED.seed),
};

const db = await openDatabase(url);
try {
  await migrate(db);
  // A seed can simply be run again after a crash: trade durability for speed while it writes.
  if (db.dialect === "sqlite") db.client.exec("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144");
  const started = performance.now();
  let last = 0;
  const { rows } = await seedLibrary(db, {
    ...options,
    onProgress(done, total) {
      if (done - last >= total / 10 || done === total) {
        last = done;
        process.stderr.write(`  ${done.toLocaleString("en")} / ${total.toLocaleString("en")} videos\n`);
      }
    },
  });
  if (db.dialect === "pg") await db.client.unsafe("ANALYZE");
  else db.client.exec("ANALYZE");
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `seeded ${db.displayUrl}: ${options.videos.toLocaleString("en")} videos across ${options.channels} channels (${rows.toLocaleString("en")} rows) in ${seconds} s`,
  );
} catch (err) {
  console.error(`seed failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}

import { afterEach, beforeEach, describe } from "bun:test";
import { type FreshDatabase, freshDatabase } from "../../../tests/support/databases.ts";
import type { DatabaseHandle } from "../connection.ts";
import { createRepository, type Repository } from "../repository.ts";
import type { Dialect } from "../sql/client.ts";

/** A clock the test moves by hand. Starts at 2026-11-28T12:00:00.000Z. */
export class TestClock {
  private at = Date.parse("2026-11-28T12:00:00.000Z");
  readonly now = () => new Date(this.at);
  iso(): string {
    return new Date(this.at).toISOString();
  }
  set(iso: string): void {
    this.at = Date.parse(iso);
  }
  advance(ms: number): string {
    this.at += ms;
    return this.iso();
  }
}

/** What each contract test gets: a fresh migrated database and a repository over it. */
export interface Contract {
  dialect: Dialect;
  repo: Repository;
  clock: TestClock;
  handle: DatabaseHandle;
  database: FreshDatabase;
  /** Another repository on the same database (its own connection), e.g. for concurrent writers. */
  another(): Promise<Repository>;
}

export const DIALECTS: readonly Dialect[] = ["sqlite", "pg"];

/**
 * Registers one body of tests for each dialect (`<name> [sqlite]`, `<name> [pg]`), each test on a fresh
 * database. The body reads `c.repo`, `c.clock`… inside its tests (they change before each test).
 */
export function contract(name: string, body: (c: Contract) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, () => {
      const c = { dialect } as Contract;
      beforeEach(async () => {
        c.database = await freshDatabase(dialect);
        c.clock = new TestClock();
        c.handle = await c.database.open();
        c.repo = createRepository(c.handle, { clock: c.clock.now });
        c.another = async () => createRepository(await c.database.open(), { clock: c.clock.now });
      });
      afterEach(async () => {
        await c.database?.dispose();
      });
      body(c);
    });
  }
}

// What the runner gives a scenario and what it gets back.
import type { ScenarioResult } from "./results.ts";

export interface BenchContext {
  quick: boolean;
  /** The compiled replayd executable. */
  binary: string;
  /** A scratch folder of this scenario's own (deleted after the run). */
  workDir: string;
  log(message: string): void;
}

export interface Scenario {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<Omit<ScenarioResult, "id" | "title" | "seconds">>;
}

// The shape of bench/results/<date>.json: what every scenario hands to the report writer.

export type Cell = string | number | null;

/** One readable table of a scenario (medians over repetitions; ratios to the peers). */
export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
  note?: string;
}

/** A product target beside the figure that answers it; `met` is null when the figure could not be measured. */
export interface TargetCheck {
  target: string;
  /** Where the target comes from ("product.md" when not given, e.g. "Recorder v2" for that issue's). */
  source?: string;
  measured: string;
  met: boolean | null;
}

export interface ScenarioResult {
  id: string;
  title: string;
  /** What was run, in a sentence or two (sizes, repetitions, warp). */
  setup: string;
  tables: Table[];
  targets: TargetCheck[];
  /** A paragraph after the tables, written from the figures (what they lead to). */
  conclusion?: string;
  /** Every repetition's own figures, for whoever wants more than the medians. */
  raw: unknown;
  seconds: number;
  /** Set by `--only … --merge` on a scenario not run this time: the earlier run its figures come from. */
  kept_from?: { file: string; date: string; replayd: string; cpu: string };
  /** Set when the scenario failed: the report says so instead of a table. */
  error?: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  ram_gb: number;
  kernel: string;
}

export interface BenchResults {
  date: string;
  quick: boolean;
  machine: Machine;
  versions: Record<string, string>;
  total_seconds: number;
  scenarios: ScenarioResult[];
}

/** "met", "NOT met" or "not measured", as the report prints it. */
export function verdict(met: boolean | null): string {
  if (met === null) return "not measured";
  return met ? "met" : "NOT met";
}

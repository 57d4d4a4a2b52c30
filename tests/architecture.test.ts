import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

// Imports run one way: domain ← adapters/ports ← services ← API ← composition root, and no file imports
// itself back through others (type-only imports included). The layers are folders (docs/architecture.md,
// "Layers"); a file the map does not place fails the test, so a new folder is placed on purpose.

const ROOT = resolve(import.meta.dir, "..");
const SRC = join(ROOT, "src");

/** Layer of each top-level place in src/, lowest first. */
const LAYERS: [number, string, string[]][] = [
  [0, "domain", ["domain", "lib", "log", "bus", "version.ts"]],
  [1, "adapters", ["config", "db", "storage", "media", "hls", "twitch", "system", "process", "net"]],
  [
    2,
    "services",
    // schedules: the pure rules beside the service that changes them (live detection uses the rules).
    [
      "recorder",
      "live",
      "eventsub",
      "recording-webhook",
      "notifications",
      "channels",
      "tasks",
      "auth",
      "relay",
      "schedules",
      "library",
      "playback-cache",
      "settings",
      "activity",
      "chat",
      // metrics: the bus's recorder and task events, and the recorder's timing port, as Prometheus metrics.
      "metrics",
    ],
  ],
  [3, "api", ["http", "trpc"]],
  [4, "composition", ["boot", "app.ts", "main.ts", "commands"]],
];
/** The Twitch simulator is an application of its own beside replayd: it may use the two lowest layers. */
const SIMULATOR = { name: "sim", maxLayer: 1, usedBy: ["main.ts", "commands", "boot"] };

function placeOf(file: string): { layer: number; name: string; top: string } {
  const top = relative(SRC, file).split("/")[0] as string;
  if (top === SIMULATOR.name) return { layer: SIMULATOR.maxLayer + 0.5, name: "sim", top };
  for (const [layer, name, tops] of LAYERS) if (tops.includes(top)) return { layer, name, top };
  throw new Error(`${relative(ROOT, file)}: not placed in a layer (add "${top}" to LAYERS)`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const IMPORT =
  /(?:import|export)\s[^'"]*?from\s*["'](\.{1,2}\/[^"']+)["']|import\s*\(\s*["'](\.{1,2}\/[^"']+)["']/g;

/** Relative imports of every product file of src/, resolved to files (type-only ones included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(IMPORT)]
      .map((m) => resolve(dirname(file), (m[1] ?? m[2]) as string))
      .filter((target) => target.startsWith(`${SRC}/`));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components with more than one file (or a file importing itself). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, indices.get(next) as number));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component);
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

describe("architecture", () => {
  const graph = importGraph();

  test("every import runs down the layers (or stays in its layer); the simulator stays apart", () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = placeOf(file);
      for (const target of targets) {
        const to = placeOf(target);
        const name = `${relative(SRC, file)} → ${relative(SRC, target)}`;
        if (to.name === "sim" && from.name !== "sim" && !SIMULATOR.usedBy.includes(from.top))
          wrong.push(`${name}: only ${SIMULATOR.usedBy.join(" and ")} start the simulator`);
        else if (from.name === "sim" && to.name !== "sim" && to.layer > SIMULATOR.maxLayer)
          wrong.push(`${name}: the simulator uses only the domain and adapter layers`);
        else if (to.name !== "sim" && from.name !== "sim" && to.layer > from.layer)
          wrong.push(`${name}: ${from.name} must not import ${to.name}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test("no import cycles between files, type-only imports included", () => {
    const found = cycles(graph).map((component) => component.map((f) => relative(SRC, f)).sort());
    expect(found).toEqual([]);
  });

  test("the check itself sees imports of every kind", () => {
    const seen = graph.get(join(SRC, "boot", "bootstrap.ts")) ?? [];
    expect(seen.map((f) => relative(SRC, f))).toContain("recorder/recorder.service.ts");
    expect(
      cycles(
        new Map([
          ["a", ["b"]],
          ["b", ["c"]],
          ["c", ["a"]],
          ["d", ["a"]],
        ]),
      ),
    ).toEqual([["c", "b", "a"]]);
  });
});

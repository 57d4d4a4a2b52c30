import { describe, expect, test } from "bun:test";
import { Exposition } from "../../tests/support/prometheus.ts";
import { Counter, escapeHelp, escapeLabel, Gauge, Histogram, number, Registry } from "./exposition.ts";

describe("values and escapes", () => {
  test.each([
    [1, "1"],
    [0.25, "0.25"],
    [1e21, "1e+21"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "+Inf"],
    [Number.NEGATIVE_INFINITY, "-Inf"],
  ])("number(%p) is %p", (n, text) => expect(number(n)).toBe(text));

  test.each([
    ["plain", "plain"],
    ['a "quoted" route', 'a \\"quoted\\" route'],
    ["back\\slash", "back\\\\slash"],
    ["two\nlines", "two\\nlines"],
  ])("label value %p is written %p", (value, text) => expect(escapeLabel(value)).toBe(text));

  test("help text escapes backslashes and newlines, not quotes", () => {
    expect(escapeHelp('a "b"\\c\nd')).toBe('a "b"\\\\c\\nd');
  });
});

describe("Registry", () => {
  test("the exact text of each kind, in registration order", () => {
    const registry = new Registry();
    const registers = [registry];
    const counter = new Counter({ name: "x_total", help: "X.", labelNames: ["kind"] as const, registers });
    const gauge = new Gauge({ name: "g", help: "G.", registers });
    const histogram = new Histogram({ name: "h_seconds", help: "H.", buckets: [1, 0.5], registers });
    counter.inc({ kind: "a" });
    counter.inc({ kind: "a" }, 2);
    gauge.set(7);
    histogram.observe(0.5);
    histogram.observe(3);
    expect(registry.render()).toBe(
      [
        "# HELP x_total X.",
        "# TYPE x_total counter",
        'x_total{kind="a"} 3',
        "# HELP g G.",
        "# TYPE g gauge",
        "g 7",
        "# HELP h_seconds H.",
        "# TYPE h_seconds histogram",
        'h_seconds_bucket{le="0.5"} 1',
        'h_seconds_bucket{le="1"} 1',
        'h_seconds_bucket{le="+Inf"} 2',
        "h_seconds_sum 3.5",
        "h_seconds_count 2",
        "",
      ].join("\n"),
    );
  });

  test("a real parser reads it back: labelled histograms apart, escaped labels whole", async () => {
    const registry = new Registry();
    const registers = [registry];
    const h = new Histogram({
      name: "t_seconds",
      help: "T.",
      labelNames: ["route"] as const,
      buckets: [0.1, 1],
      registers,
    });
    h.observe({ route: '/a "b"' }, 0.05);
    h.observe({ route: "/c" }, 2);
    h.observe({ route: "/c" }, 0.5);
    const m = await Exposition.parse(registry.render());
    expect(m.count("t_seconds", { route: '/a "b"' })).toBe(1);
    expect(m.count("t_seconds", { route: "/c" })).toBe(2);
    expect(m.samples("t_seconds", { route: "/c" })).toEqual([
      { labels: { route: "/c" }, buckets: { "0.1": 0, "1": 1, "+Inf": 2 }, sum: 2.5, count: 2 },
    ]);
  });

  test("a collected gauge sets what is there at each rendering; reset forgets label sets gone", () => {
    const registry = new Registry();
    let statuses: Record<string, number> = { enabled: 2, pending: 1 };
    new Gauge({
      name: "s",
      help: "S.",
      labelNames: ["status"] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [status, n] of Object.entries(statuses)) this.set({ status }, n);
      },
    });
    expect(registry.render()).toContain('s{status="pending"} 1');
    statuses = { enabled: 3 };
    const text = registry.render();
    expect(text).toContain('s{status="enabled"} 3');
    expect(text).not.toContain("pending");
  });

  test("refusals: a counter going down, a name registered twice", () => {
    const registry = new Registry();
    const counter = new Counter({ name: "c_total", help: "C.", registers: [registry] });
    expect(() => counter.inc(-1)).toThrow("only goes up");
    expect(() => new Gauge({ name: "c_total", help: "again", registers: [registry] })).toThrow("registered");
  });
});

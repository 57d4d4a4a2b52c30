import {
  getMetricsFromIterator,
  type PromHistogramData,
  type PromMetric,
  type PromMetrics,
} from "prom2javascript";

/** A /metrics answer read by a real Prometheus text-format parser (it throws on a malformed line). */
export class Exposition {
  private constructor(
    readonly text: string,
    readonly families: PromMetrics,
  ) {}

  static async parse(text: string): Promise<Exposition> {
    return new Exposition(text, await getMetricsFromIterator(text.split("\n")[Symbol.iterator]()));
  }

  family(name: string): PromMetric {
    const family = this.families[name];
    if (!family) throw new Error(`no metric ${name} in /metrics`);
    return family;
  }

  /** The samples of a family whose labels include `labels`. */
  samples(name: string, labels: Record<string, string> = {}) {
    return this.family(name).data.filter((d) => Object.entries(labels).every(([k, v]) => d.labels[k] === v));
  }

  /** A counter's or gauge's value summed over the samples matching `labels` (0 when there are none yet). */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.samples(name, labels).reduce((n, d) => n + ("value" in d ? d.value : 0), 0);
  }

  /** A histogram's observations, summed over its samples matching `labels`. */
  count(name: string, labels: Record<string, string> = {}): number {
    return (this.samples(name, labels) as PromHistogramData[]).reduce((n, d) => n + d.count, 0);
  }

  /**
   * Every series name a query may use: each family's name, a histogram's `_bucket`, `_sum` and `_count`,
   * and a summary's `_sum` and `_count`.
   */
  seriesNames(): Set<string> {
    const names = new Set<string>();
    for (const [name, f] of Object.entries(this.families)) {
      names.add(name);
      if (f.type === "histogram") for (const s of ["_bucket", "_sum", "_count"]) names.add(name + s);
      if (f.type === "summary") for (const s of ["_sum", "_count"]) names.add(name + s);
    }
    return names;
  }
}

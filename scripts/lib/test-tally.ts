/** Passes and failures. */
export interface Counts {
  passed: number;
  failed: number;
}

/**
 * Counts `bun test`'s result lines per test file as they stream by: each `(pass)`/`(fail)` line belongs to
 * the file heading above it (bun repeats a heading when files run in parallel interleave), and the list of
 * failures bun repeats at the end is not counted twice. Feed it text in chunks of any size.
 */
export class TestTally {
  readonly byFile = new Map<string, Counts>();
  #file = "";
  #partial = "";

  feed(text: string): void {
    const lines = (this.#partial + text).split("\n");
    this.#partial = lines.pop() ?? "";
    for (const line of lines) this.#line(line);
  }

  /** The files with at least one failure, in the order they were first seen. */
  failedFiles(): string[] {
    return [...this.byFile].filter(([, c]) => c.failed > 0).map(([file]) => file);
  }

  #line(line: string): void {
    const heading = /^(\S+\.(?:test|spec)\.[cm]?[jt]sx?):$/.exec(line);
    if (heading) {
      this.#file = heading[1] as string;
      return;
    }
    if (/^\s*\d+ tests? failed:$/.test(line)) {
      this.#file = "";
      return;
    }
    const result = /^\((pass|fail)\) /.exec(line);
    if (!result || !this.#file) return;
    const counts = this.byFile.get(this.#file) ?? { passed: 0, failed: 0 };
    if (result[1] === "pass") counts.passed++;
    else counts.failed++;
    this.byFile.set(this.#file, counts);
  }
}

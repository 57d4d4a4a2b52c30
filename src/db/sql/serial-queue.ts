/**
 * Runs async jobs one at a time, in call order. The SQLite client uses it because bun:sqlite has one
 * connection: without it, statements of another request could run inside an open transaction.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<R>(job: () => R | Promise<R>): Promise<R> {
    const result = this.tail.then(job);
    this.tail = result.catch(() => {});
    return result;
  }
}

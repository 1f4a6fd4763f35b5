/**
 * One turn at a time on the one SQLite connection. A transaction's `fn` awaits between its
 * statements, and on a shared connection every statement run meanwhile would become part of the
 * open transaction: another request's write would commit or roll back with it, and its reads
 * would see writes that may yet roll back. So a transaction holds the gate from BEGIN to
 * COMMIT, and every other statement waits its turn while the gate is held.
 *
 * The common case costs nothing: when the gate is free a statement runs at once, synchronously
 * (better-sqlite3 is synchronous, so it cannot interleave with anything). Waiters are served
 * in arrival order; the gate passes straight from one holder to the next, so nothing arriving
 * in between can jump the queue.
 */
export class ConnectionGate {
  private held = false;
  private readonly waiters: Array<() => void> = [];

  /** Runs one synchronous step: now when the gate is free, else when its turn comes. */
  run<T>(step: () => T): Promise<T> {
    if (!this.held) {
      try {
        return Promise.resolve(step());
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return this.acquire().then(() => {
      try {
        return step();
      } finally {
        this.release();
      }
    });
  }

  /** Holds the gate across `fn`, awaits and all (a transaction). */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (!this.held) {
      this.held = true; // taken synchronously: nothing can start between this call and the holder's first step
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next(); // hand over: the gate stays held, by the next waiter
    else this.held = false;
  }
}

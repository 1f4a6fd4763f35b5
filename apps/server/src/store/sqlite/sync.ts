/**
 * The synchronous twin of an asynchronous store part: better-sqlite3 answers at once, so the
 * SQLite parts are written synchronously and lifted to the Store interface by sqlite-store.ts.
 */
export type Sync<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : T[K];
};

import { Worker } from 'node:worker_threads';
import { buildApp } from './app.js';
import { markServing } from './backup.js';
import { bootstrap } from './bootstrap.js';
import { ConfigError, loadConfig, type ServerConfig } from './config.js';
import { startRetentionTimer } from './retention.js';
import { openStore, StoreOpenError } from './store/open-store.js';
import { firstStartBanner, ListenError, listenError, runningLine, serverUrl } from './start-messages.js';

/** After the shutdown deadline, how long the orderly exit (log flush) may take before a kill. */
const EXIT_GRACE_MS = 1_000;

/**
 * Starts Veil: opens the store, bootstraps on first start, listens, and on SIGTERM/SIGINT shuts
 * down gracefully: stop accepting, let in-flight requests (ingest among them) finish within
 * VEIL_SHUTDOWN_TIMEOUT_MS, then close the database cleanly. Whatever happens meanwhile, the
 * process is gone at the latest EXIT_GRACE_MS after that deadline.
 */
export async function serve(config: ServerConfig): Promise<void> {
  // Errors of idle pooled PostgreSQL connections (the database restarted) are logged, never fatal.
  let logConnectionError = (_err: Error) => {};
  const store = await openStore(config, { onConnectionError: (err) => logConnectionError(err) });
  const first = await bootstrap(store, Date.now());
  // On stderr, before the app exists and so before any log line: the once-only token must not
  // scroll away among the JSON lines on stdout.
  if (first) process.stderr.write(firstStartBanner(first, config));
  const app = await buildApp({
    config,
    store,
    ops: { metricsToken: config.metricsToken, minFreeDiskMb: config.minFreeDiskMb },
    ingest: { bodyTimeoutMs: config.ingestBodyTimeoutMs },
  });
  logConnectionError = (err) => app.log.warn({ err }, 'a database connection was lost');
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await app.close(); // closes the store
    throw listenError(err, config.host, config.port) ?? err;
  }
  const stopRetention = startRetentionTimer(store, config.retentionSweepMinutes, app.log, (result, ms) => {
    app.metrics.sweeps.inc();
    app.metrics.sweptSessions.inc({}, result.deleted);
    app.metrics.sweepDuration.observe({}, ms / 1000);
  });
  // The serving mark keeps `veil restore` off a live SQLite file; with PostgreSQL nothing is on this disk.
  const unmarkServing = config.databaseUrl ? () => {} : markServing(config.dataDir);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  process.stderr.write(runningLine(serverUrl(config.host, port)));
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    // First, before anything that could block: the deadline nothing in this thread can hold up.
    startKillWatchdog(config.shutdownTimeoutMs + EXIT_GRACE_MS);
    app.log.info({ signal }, 'shutting down');
    stopRetention();
    // The orderly deadline: log why, then exit 1. process.exit runs pino's exit handler, which
    // writes the buffered log lines synchronously and can block (a full stdout pipe); the
    // watchdog above ends the process then.
    setTimeout(() => {
      app.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown deadline passed; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    // close() stops accepting, waits for in-flight requests, then runs onClose (closes the db).
    // It closes the connections idle at that moment only; a keep-alive connection whose request
    // finishes later would hold the server open until its keep-alive timeout, so keep closing
    // the idle ones until every connection is gone.
    const idleSweep = setInterval(() => app.server.closeIdleConnections(), 50);
    idleSweep.unref();
    app.close().then(
      () => {
        unmarkServing();
        app.log.info('shut down cleanly');
        exitAfterFlush(app.log as unknown as Flushable, 0);
      },
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        exitAfterFlush(app.log as unknown as Flushable, 1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/**
 * Kills this process with SIGKILL after `ms`, from a worker thread: a timer of the main thread
 * cannot fire while that thread is blocked (in a synchronous write to a pipe nobody reads, in
 * pino's exit handler retrying one, in a runaway computation), and a kill depends on no callback.
 * The worker is unref'd: it never keeps the process alive by itself.
 */
function startKillWatchdog(ms: number): void {
  const code = `const { workerData } = require('node:worker_threads');
setTimeout(() => process.kill(workerData.pid, 'SIGKILL'), workerData.ms);`;
  new Worker(code, { eval: true, workerData: { pid: process.pid, ms } }).unref();
}

/** Exits once the log's buffered lines are written: pino writes asynchronously to pipes and files. */
type Flushable = { flush?(cb?: (err?: Error) => void): void };
function exitAfterFlush(log: Flushable, code: number): void {
  if (typeof log.flush !== 'function') process.exit(code);
  log.flush(() => process.exit(code));
}

// Entry point when run as `node apps/server/dist/server.js`.
if (import.meta.url === `file://${process.argv[1]}`) {
  let config: ServerConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`veil: ${err.message}\n`);
    process.exit(2);
  }
  serve(config).catch((err: unknown) => {
    // Exit 2: a setting or the environment must change before a restart can work.
    if (err instanceof StoreOpenError || err instanceof ListenError) {
      process.stderr.write(`veil: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`veil: could not start: ${(err as Error).message}\n`);
    process.exit(1);
  });
}

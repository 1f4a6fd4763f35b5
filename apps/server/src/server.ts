import { buildApp } from './app.js';
import { bootstrap } from './bootstrap.js';
import { ConfigError, loadConfig, type ServerConfig } from './config.js';
import { startRetentionTimer } from './retention.js';
import { createSqliteStore } from './store/sqlite-store.js';

/** Starts Veil: opens the store, bootstraps on first start, listens, and shuts down cleanly on signals. */
export async function serve(config: ServerConfig): Promise<void> {
  const store = createSqliteStore(config.dataDir);
  const first = bootstrap(store, Date.now());
  const app = await buildApp({ config, store });
  const stopRetention = startRetentionTimer(store, config.retentionSweepMinutes, app.log);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  process.stdout.write(`\nVeil is running: ${url}  (viewer: ${url}/  demo: ${url}/demo)\n`);
  if (first) {
    process.stdout.write(
      `\nFirst start: created the default project and an admin token. The token is shown only this once:\n` +
        `  project id   ${first.projectId}\n  project key  ${first.projectKey}\n  admin token  ${first.adminToken}\n` +
        `Log in to the viewer at ${url}/ with the admin token.\n\n`,
    );
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    stopRetention();
    // close() stops accepting, lets in-flight requests finish, then runs onClose (closes the db).
    const deadline = setTimeout(() => process.exit(1), 10_000);
    deadline.unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
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
    process.stderr.write(`veil: could not start: ${(err as Error).message}\n`);
    process.exit(1);
  });
}

import { loadConfig, ConfigError, type ServerConfig } from '../config.js';
import { serve } from '../server.js';
import { ListenError } from '../start-messages.js';
import { openStore, StoreOpenError } from '../store/open-store.js';
import type { Store } from '../store/types.js';
import { parseArgs, UsageError } from './args.js';
import { COMMANDS, USAGE } from './commands.js';
import { applyDataDirFlag, describeDatabase, NoDatabaseError, refuseNewDatabase } from './database-choice.js';

/**
 * `veil` — the server's command line. Every command but `serve` opens the database directly
 * (WAL lets it share the file with a running server), says on stderr which one, and, with
 * --json, prints one JSON object on stdout.
 */
async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, new Set(['json', 'help']));
  } catch (err) {
    return fail(err);
  }
  const json = args.flags.has('json');
  const name = args.command.join(' ');
  if (name === '' || name === 'help' || args.flags.has('help')) {
    process.stdout.write(USAGE);
    return name === '' && !args.flags.has('help') ? 2 : 0;
  }
  let config: ServerConfig;
  let dataDirGiven: boolean;
  try {
    config = loadConfig();
    dataDirGiven = applyDataDirFlag(args.flags, config);
  } catch (err) {
    return fail(err);
  }
  if (name === 'serve') {
    try {
      await serve(config);
    } catch (err) {
      return fail(err);
    }
    return -1; // keeps running
  }
  const command = COMMANDS[name];
  if (!command) return fail(new UsageError(`unknown command "${name}"`));
  let store: Store | null = null;
  try {
    if (!command.withoutStore) {
      refuseNewDatabase(config, command.createsDatabase === true || dataDirGiven);
      store = await openStore(config);
      process.stderr.write(`veil: using ${describeDatabase(config)}\n`);
    }
    const result = await command.run({ flags: args.flags, store: store as Store, config, now: Date.now() });
    process.stdout.write(json ? `${JSON.stringify(result.json)}\n` : `${result.text}\n`);
    return result.exitCode ?? 0;
  } catch (err) {
    return fail(err);
  } finally {
    await store?.close();
  }
}

function fail(err: unknown): number {
  if (err instanceof StoreOpenError || err instanceof NoDatabaseError || err instanceof ListenError) {
    process.stderr.write(`veil: ${err.message}\n`);
    return 2;
  }
  if (err instanceof UsageError || err instanceof ConfigError) {
    process.stderr.write(`veil: ${err.message}\nRun "veil help" for usage.\n`);
    return 2;
  }
  process.stderr.write(`veil: ${(err as Error).message}\n`);
  return 1;
}

main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exit(code);
});

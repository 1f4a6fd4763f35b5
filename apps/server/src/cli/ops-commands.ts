import { isAbsolute, resolve } from 'node:path';
import { restoreDatabase } from '../backup.js';
import { describeConfig } from '../config.js';
import { takeFlags, UsageError } from './args.js';
import { CLI_ACTOR, required, type Command } from './command.js';

function filePath(value: string | undefined, flag: string): string {
  const path = required(value, flag);
  if (path.includes('\0')) throw new UsageError(`--${flag} is not a usable path`);
  return isAbsolute(path) ? path : resolve(path);
}

/** Operating the server: effective configuration, backup, restore. */
export const OPS_COMMANDS: Record<string, Command> = {
  config: {
    withoutStore: true,
    run({ flags, config }) {
      takeFlags(flags, []);
      const settings = describeConfig(config);
      return {
        json: Object.fromEntries(settings.map((s) => [s.name, s.value])),
        text: settings.map((s) => `${s.name.padEnd(30)} ${JSON.stringify(s.value)}   # ${s.description}`).join('\n'),
      };
    },
  },
  backup: {
    async run({ flags, store, now }) {
      const out = filePath(takeFlags(flags, ['out']).out, 'out');
      const result = await store.backup(out);
      await store.audit.append({ actor: CLI_ACTOR, action: 'backup.create', details: { bytes: result.bytes } }, now);
      return { json: { file: out, ...result }, text: `wrote a consistent copy of the database to ${out} (${result.bytes} bytes)` };
    },
  },
  restore: {
    withoutStore: true,
    run({ flags, config, now }) {
      const from = filePath(takeFlags(flags, ['from']).from, 'from');
      if (config.databaseUrl) throw new Error('veil restore replaces the SQLite file; with PostgreSQL restore a pg_dump with pg_restore instead');
      const { previous } = restoreDatabase(config.dataDir, from, now);
      return {
        json: { restored: from, previous },
        text: `restored ${from} into ${config.dataDir}${previous ? `; the previous database is kept as ${previous}` : ''}`,
      };
    },
  },
};

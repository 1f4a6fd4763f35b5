import type { ServerConfig } from '../config.js';
import type { Store } from '../store/types.js';
import { UsageError } from './args.js';

export interface CommandContext {
  flags: Map<string, string | true>;
  /** The open store; commands marked `withoutStore` get none (they must not hold the file open). */
  store: Store;
  config: ServerConfig;
  now: number;
}
export interface CommandResult {
  json: unknown;
  text: string;
  exitCode?: number;
}
export type Command = {
  run(ctx: CommandContext): CommandResult | Promise<CommandResult>;
  /** True for commands that must not open the database (e.g. restore replaces the file). */
  withoutStore?: boolean;
  /** True for commands that may create the SQLite database when there is none yet (`project create`). */
  createsDatabase?: boolean;
};

/** Who the audit log says did what the CLI did: whoever can open the database file. */
export const CLI_ACTOR = 'cli';
export const DAY_MS = 86_400_000;

export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${flag} is required`);
  return value;
}

export function positiveInt(value: string, flag: string): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw new UsageError(`--${flag} must be a positive whole number`);
  return Number(value);
}

/** `n session` / `n sessions`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

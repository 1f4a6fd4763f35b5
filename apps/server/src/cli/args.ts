/** A command line that could not be understood; the message says what was wrong. */
export class UsageError extends Error {}

export interface ParsedArgs {
  command: string[];
  flags: Map<string, string | true>;
}

/**
 * Splits argv into command words and `--flag value` / `--flag=value` / `--switch` flags.
 * `booleanFlags` never take a value.
 */
export function parseArgs(argv: string[], booleanFlags: ReadonlySet<string>): ParsedArgs {
  const command: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      if (flags.size > 0) throw new UsageError(`unexpected argument "${arg}" after flags`);
      command.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (!/^[a-z][a-z-]*$/.test(name)) throw new UsageError(`malformed flag "${arg}"`);
    if (flags.has(name)) throw new UsageError(`--${name} given twice`);
    if (booleanFlags.has(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
    } else if (eq !== -1) {
      flags.set(name, arg.slice(eq + 1));
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
      i++;
    }
  }
  return { command, flags };
}

/** Reads one flag, refusing flags the command does not know. */
export function takeFlags(flags: Map<string, string | true>, known: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of flags) {
    if (name === 'json') continue;
    if (!known.includes(name)) throw new UsageError(`unknown flag --${name}`);
    out[name] = value === true ? 'true' : value;
  }
  return out;
}

import { takeFlags } from './args.js';
import type { Command } from './command.js';

/** `veil audit verify`: walks the audit log's hash chain; exit 1 when an entry was edited or removed. */
export const AUDIT_COMMANDS: Record<string, Command> = {
  'audit verify': {
    async run({ flags, store }) {
      takeFlags(flags, []);
      const result = await store.audit.verify();
      if (!result.ok) {
        return { json: result, text: `audit log BROKEN at entry ${result.brokenAt}: an entry was edited or removed`, exitCode: 1 };
      }
      return { json: result, text: `audit log intact: ${result.entries} entries, head ${result.headHash}` };
    },
  },
};

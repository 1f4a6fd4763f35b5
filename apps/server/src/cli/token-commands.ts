import { tokenRoleSchema } from '@veil/protocol';
import { createToken, revokeToken } from '../services/token-service.js';
import { takeFlags, UsageError } from './args.js';
import { CLI_ACTOR as ACTOR, DAY_MS, positiveInt, required, type Command } from './command.js';

/** `veil token …`: create (shown once), list, revoke. */
export const TOKEN_COMMANDS: Record<string, Command> = {
  'token create': {
    async run({ flags, store, now }) {
      const f = takeFlags(flags, ['role', 'label', 'expires-days']);
      const role = tokenRoleSchema.safeParse(required(f.role, 'role'));
      if (!role.success) throw new UsageError('--role must be viewer or admin');
      const expiresAt = f['expires-days'] === undefined ? null : now + positiveInt(f['expires-days'], 'expires-days') * DAY_MS;
      const t = await createToken({ store, actor: ACTOR, now }, { role: role.data, label: f.label ?? null, expiresAt });
      return { json: t, text: `created ${t.role} token ${t.id} (shown only this once):\n${t.token}` };
    },
  },
  'token list': {
    async run({ flags, store }) {
      takeFlags(flags, []);
      const tokens = await store.tokens.list();
      return {
        json: { tokens },
        text: tokens.map((t) => `${t.id}  ${t.role.padEnd(6)}  ${t.revokedAt ? 'revoked' : 'live   '}  ${t.label ?? ''}`).join('\n') || '(no tokens)',
      };
    },
  },
  'token revoke': {
    async run({ flags, store, now }) {
      const id = required(takeFlags(flags, ['id']).id, 'id');
      const revoked = await revokeToken({ store, actor: ACTOR, now }, id);
      return { json: { id, revoked }, text: revoked ? `revoked ${id}` : `no live token ${id}`, exitCode: revoked ? 0 : 1 };
    },
  },
};

import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MAX_USER_ID_LENGTH } from '@veil/protocol';
import { runRetentionSweep } from '../retention.js';
import { deleteProjectSessions, deleteSession, eraseUser } from '../services/deletion-service.js';
import { exportUser } from '../services/export-service.js';
import { takeFlags, UsageError } from './args.js';
import { CLI_ACTOR as ACTOR, plural, required, type Command } from './command.js';

function userIdFlag(value: string | undefined): string {
  const userId = required(value, 'user');
  if (userId.length > MAX_USER_ID_LENGTH) throw new UsageError(`--user must be at most ${MAX_USER_ID_LENGTH} characters`);
  return userId;
}

/** Recorded data: early deletion, access-request exports, the retention sweep. */
export const DATA_COMMANDS: Record<string, Command> = {
  'sessions delete': {
    async run({ flags, store, now }) {
      const f = takeFlags(flags, ['id', 'user', 'project']);
      const given = [f.id, f.user, f.project].filter((v) => v !== undefined).length;
      if (given !== 1) throw new UsageError('give exactly one of --id, --user or --project');
      const call = { store, actor: ACTOR, now };
      let deleted: number;
      if (f.id !== undefined) {
        deleted = Number(await deleteSession(call, f.id));
      } else if (f.user !== undefined) {
        deleted = await eraseUser(call, userIdFlag(f.user));
      } else {
        const projectId = f.project!;
        if (!(await store.projects.get(projectId))) throw new UsageError(`no project with id ${projectId}`);
        deleted = await deleteProjectSessions(call, projectId);
      }
      return { json: { deleted }, text: `deleted ${plural(deleted, 'session')}` };
    },
  },
  'users export': {
    async run({ flags, store, now }) {
      const f = takeFlags(flags, ['user', 'out']);
      const userId = userIdFlag(f.user);
      const out = required(f.out, 'out');
      const { sessions, json } = await exportUser({ store, actor: ACTOR, now }, userId);
      // 0o600: the file holds one person's recordings.
      await pipeline(Readable.from(json), createWriteStream(out, { mode: 0o600, flags: 'wx' }));
      return { json: { sessions, out }, text: `wrote ${plural(sessions, 'session')} to ${out}` };
    },
  },
  'retention run': {
    async run({ flags, store, now }) {
      takeFlags(flags, []);
      const result = await runRetentionSweep(store, now, { actor: ACTOR, auditAlways: true });
      return {
        json: result,
        text: `deleted ${plural(result.deleted, 'expired session')}; pruned ${plural(result.auditPruned, 'audit entry')} older than a year`,
      };
    },
  },
};

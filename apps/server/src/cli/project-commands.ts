import { keyRotationSchema, MAX_KEY_GRACE_HOURS, projectPatchSchema, type ProjectPatch } from '@veil/protocol';
import { createProject, rotateProjectKey, updateProject } from '../services/project-service.js';
import { takeFlags, UsageError } from './args.js';
import { CLI_ACTOR as ACTOR, required, type Command } from './command.js';

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** `veil project …`: create, list, update settings, rotate the ingest key. */
export const PROJECT_COMMANDS: Record<string, Command> = {
  'project create': {
    createsDatabase: true,
    async run({ flags, store, now }) {
      const f = takeFlags(flags, ['name']);
      const name = required(f.name, 'name').trim();
      if (name.length > 100) throw new UsageError('--name must be at most 100 characters');
      const p = await createProject({ store, actor: ACTOR, now }, name);
      return { json: { id: p.id, name: p.name, key: p.key }, text: `created project ${p.id} "${p.name}"\ningest key: ${p.key}` };
    },
  },
  'project list': {
    async run({ flags, store }) {
      takeFlags(flags, []);
      const projects = await store.projects.list();
      return {
        json: { projects },
        text: projects.map((p) => `${p.id}  ${p.enabled ? 'on ' : 'off'}  ${p.retentionDays}d  ${p.privacyLevel}  ${p.name}`).join('\n') || '(no projects)',
      };
    },
  },
  'project update': {
    async run({ flags, store, now }) {
      const f = takeFlags(flags, ['id', 'name', 'enabled', 'retention-days', 'privacy-level', 'sample-rate', 'allowed-origins', 'url-allowlist', 'replay-asset-origins']);
      const id = required(f.id, 'id');
      const raw: Record<string, unknown> = {};
      if (f.name !== undefined) raw.name = f.name;
      if (f.enabled !== undefined) {
        if (f.enabled !== 'true' && f.enabled !== 'false') throw new UsageError('--enabled must be true or false');
        raw.enabled = f.enabled === 'true';
      }
      if (f['retention-days'] !== undefined) raw.retentionDays = Number(f['retention-days']);
      if (f['privacy-level'] !== undefined) raw.privacyLevel = f['privacy-level'];
      if (f['sample-rate'] !== undefined) raw.sampleRate = Number(f['sample-rate']);
      if (f['allowed-origins'] !== undefined) raw.allowedOrigins = list(f['allowed-origins']);
      if (f['url-allowlist'] !== undefined) raw.urlAllowlist = list(f['url-allowlist']);
      if (f['replay-asset-origins'] !== undefined) raw.replayAssetOrigins = list(f['replay-asset-origins']);
      if (Object.keys(raw).length === 0) throw new UsageError('nothing to update: give at least one setting');
      const parsed = projectPatchSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new UsageError(`${String(issue.path[0])}: ${issue.message}`);
      }
      const p = await updateProject({ store, actor: ACTOR, now }, id, parsed.data as ProjectPatch);
      if (!p) throw new UsageError(`no project with id ${id}`);
      return { json: p, text: `updated project ${p.id}: recording ${p.enabled ? 'on' : 'off'}, retention ${p.retentionDays} days, ${p.privacyLevel}` };
    },
  },
  'project rotate-key': {
    async run({ flags, store, now }) {
      const f = takeFlags(flags, ['id', 'grace-hours']);
      const id = required(f.id, 'id');
      const hours = f['grace-hours'];
      if (hours !== undefined && !/^\d{1,4}$/.test(hours)) throw new UsageError(`--grace-hours must be a whole number from 0 to ${MAX_KEY_GRACE_HOURS}`);
      const parsed = keyRotationSchema.safeParse(hours === undefined ? {} : { graceHours: Number(hours) });
      if (!parsed.success) throw new UsageError(`--grace-hours must be a whole number from 0 to ${MAX_KEY_GRACE_HOURS}`);
      const { graceHours } = parsed.data;
      const rotated = await rotateProjectKey({ store, actor: ACTOR, now }, id, graceHours);
      if (!rotated) throw new UsageError(`no project with id ${id}`);
      const until = rotated.previousKeyValidUntil === null ? null : new Date(rotated.previousKeyValidUntil).toISOString();
      return {
        json: { key: rotated.key, previousKeyValidUntil: until },
        text: `new ingest key for ${id}: ${rotated.key}\n${until ? `the previous key works until ${until}` : 'the previous key no longer works'}`,
      };
    },
  },
};

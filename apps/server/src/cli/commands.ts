import { projectPatchSchema, tokenRoleSchema, type ProjectPatch } from '@veil/protocol';
import type { ServerConfig } from '../config.js';
import { runRetentionSweep } from '../retention.js';
import type { Store } from '../store/types.js';
import { takeFlags, UsageError } from './args.js';

export interface CommandContext {
  flags: Map<string, string | true>;
  store: Store;
  config: ServerConfig;
  now: number;
}
export interface CommandResult {
  json: unknown;
  text: string;
  exitCode?: number;
}
type Command = { run(ctx: CommandContext): CommandResult };

const DAY_MS = 86_400_000;
const ACTOR = 'cli';

export const USAGE = `Usage: veil <command> [flags] [--json]

  serve                                   start the server (HOST, PORT, VEIL_DATA_DIR)
  project create --name N                 create a project; prints its id and ingest key
  project list                            list projects
  project update --id ID [--name N] [--enabled true|false] [--retention-days 1-365]
                 [--privacy-level balanced|strict] [--sample-rate 0-1]
                 [--allowed-origins a,b] [--url-allowlist k1,k2]
  token create --role viewer|admin [--label L] [--expires-days N]
                                          create an API token (shown once)
  token list                              list tokens (never their secrets)
  token revoke --id ID                    revoke a token
  sessions delete --id ID | --user UID    delete one session, or all of one end user
  retention run                           delete expired recordings now
`;

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${flag} is required`);
  return value;
}

function positiveInt(value: string, flag: string): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw new UsageError(`--${flag} must be a positive whole number`);
  return Number(value);
}

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

export const COMMANDS: Record<string, Command> = {
  'project create': {
    run({ flags, store, now }) {
      const f = takeFlags(flags, ['name']);
      const name = required(f.name, 'name').trim();
      if (name.length > 100) throw new UsageError('--name must be at most 100 characters');
      const p = store.projects.create(name, now);
      store.audit.append({ actor: ACTOR, action: 'project.create', target: p.id }, now);
      return { json: { id: p.id, name: p.name, key: p.key }, text: `created project ${p.id} "${p.name}"\ningest key: ${p.key}` };
    },
  },
  'project list': {
    run({ flags, store }) {
      takeFlags(flags, []);
      const projects = store.projects.list();
      return {
        json: { projects },
        text: projects.map((p) => `${p.id}  ${p.enabled ? 'on ' : 'off'}  ${p.retentionDays}d  ${p.privacyLevel}  ${p.name}`).join('\n') || '(no projects)',
      };
    },
  },
  'project update': {
    run({ flags, store, now }) {
      const f = takeFlags(flags, ['id', 'name', 'enabled', 'retention-days', 'privacy-level', 'sample-rate', 'allowed-origins', 'url-allowlist']);
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
      if (Object.keys(raw).length === 0) throw new UsageError('nothing to update: give at least one setting');
      const parsed = projectPatchSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new UsageError(`${String(issue.path[0])}: ${issue.message}`);
      }
      if (!store.projects.get(id)) throw new UsageError(`no project with id ${id}`);
      const p = store.projects.update(id, parsed.data as ProjectPatch)!;
      store.audit.append({ actor: ACTOR, action: 'project.update', target: id, details: { changes: parsed.data } }, now);
      return { json: p, text: `updated project ${p.id}: recording ${p.enabled ? 'on' : 'off'}, retention ${p.retentionDays} days, ${p.privacyLevel}` };
    },
  },
  'token create': {
    run({ flags, store, now }) {
      const f = takeFlags(flags, ['role', 'label', 'expires-days']);
      const role = tokenRoleSchema.safeParse(required(f.role, 'role'));
      if (!role.success) throw new UsageError('--role must be viewer or admin');
      const expiresAt = f['expires-days'] === undefined ? null : now + positiveInt(f['expires-days'], 'expires-days') * DAY_MS;
      const t = store.tokens.create({ role: role.data, label: f.label ?? null, expiresAt }, now);
      store.audit.append({ actor: ACTOR, action: 'token.create', target: t.id, details: { role: t.role } }, now);
      return { json: t, text: `created ${t.role} token ${t.id} (shown only this once):\n${t.token}` };
    },
  },
  'token list': {
    run({ flags, store }) {
      takeFlags(flags, []);
      const tokens = store.tokens.list();
      return {
        json: { tokens },
        text: tokens.map((t) => `${t.id}  ${t.role.padEnd(6)}  ${t.revokedAt ? 'revoked' : 'live   '}  ${t.label ?? ''}`).join('\n') || '(no tokens)',
      };
    },
  },
  'token revoke': {
    run({ flags, store, now }) {
      const id = required(takeFlags(flags, ['id']).id, 'id');
      const revoked = store.tokens.revoke(id, now);
      if (revoked) store.audit.append({ actor: ACTOR, action: 'token.revoke', target: id }, now);
      return { json: { id, revoked }, text: revoked ? `revoked ${id}` : `no live token ${id}`, exitCode: revoked ? 0 : 1 };
    },
  },
  'sessions delete': {
    run({ flags, store, now }) {
      const f = takeFlags(flags, ['id', 'user']);
      if ((f.id === undefined) === (f.user === undefined)) throw new UsageError('give exactly one of --id or --user');
      const deleted = f.id !== undefined ? Number(store.sessions.delete(f.id)) : store.sessions.deleteByUser(f.user!);
      store.audit.append(
        { actor: ACTOR, action: f.id !== undefined ? 'session.delete' : 'user.delete', target: f.id ?? f.user!, details: { deleted } },
        now,
      );
      return { json: { deleted }, text: `deleted ${deleted} session${deleted === 1 ? '' : 's'}` };
    },
  },
  'retention run': {
    run({ flags, store, now }) {
      takeFlags(flags, []);
      const deleted = runRetentionSweep(store, now);
      store.audit.append({ actor: ACTOR, action: 'retention.sweep', details: { deleted } }, now);
      return { json: { deleted }, text: `deleted ${deleted} expired session${deleted === 1 ? '' : 's'}` };
    },
  },
};


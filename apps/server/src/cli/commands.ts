import { AUDIT_COMMANDS } from './audit-commands.js';
import type { Command } from './command.js';
import { DATA_COMMANDS } from './data-commands.js';
import { PROJECT_COMMANDS } from './project-commands.js';
import { OPS_COMMANDS } from './ops-commands.js';
import { TOKEN_COMMANDS } from './token-commands.js';

export type { Command, CommandContext, CommandResult } from './command.js';

export const USAGE = `Usage: veil <command> [flags] [--data-dir DIR] [--json]

Commands open the database of VEIL_DATABASE_URL, else DIR/veil.db (DIR: --data-dir, else
VEIL_DATA_DIR, else ./data) and name it on stderr. Only "project create" and --data-dir may
create a database that does not exist yet.

  serve                                   start the server (VEIL_HOST, VEIL_PORT, VEIL_DATA_DIR, …)
  project create --name N                 create a project; prints its id and ingest key
  project list                            list projects
  project update --id ID [--name N] [--enabled true|false] [--retention-days 1-365]
                 [--privacy-level balanced|strict] [--sample-rate 0-1]
                 [--allowed-origins a,b] [--url-allowlist k1,k2]
                 [--replay-asset-origins https://cdn.example,…]
  project rotate-key --id ID [--grace-hours 0-720]
                                          new ingest key; the old one works for the grace period (24 h)
  token create --role viewer|admin [--label L] [--expires-days N]
                                          create an API token (shown once)
  token list                              list tokens (never their secrets)
  token revoke --id ID                    revoke a token
  sessions delete --id ID | --user UID | --project ID
                                          delete one session, all of one end user, or all of a project
  users export --user UID --out FILE      write everything stored about one end user to FILE
  retention run                           delete expired recordings and year-old audit entries now
  audit verify                            check the audit log's hash chain (exit 1 if broken)
  config                                  print the effective configuration (secrets redacted)
  backup --out FILE                       consistent online copy of the database (server may run)
  restore --from FILE                     replace the database with a backup (server stopped)
`;

export const COMMANDS: Record<string, Command> = {
  ...PROJECT_COMMANDS,
  ...TOKEN_COMMANDS,
  ...DATA_COMMANDS,
  ...AUDIT_COMMANDS,
  ...OPS_COMMANDS,
};

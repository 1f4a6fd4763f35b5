import type { BootstrapResult } from './bootstrap.js';
import type { ServerConfig } from './config.js';

/** The server could not listen (port taken, not allowed, no such address); the message is one line for the operator. */
export class ListenError extends Error {}

/** host:port as a person types it (IPv6 in brackets). */
function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function serverUrl(host: string, port: number): string {
  return `http://${hostPort(host, port)}`;
}

/**
 * The first-start banner: the bootstrap secrets, shown once, and how to get a new admin token
 * when this one is lost (people find this banner long after they needed it).
 */
export function firstStartBanner(first: BootstrapResult, config: Pick<ServerConfig, 'host' | 'port' | 'dataDir' | 'databaseUrl'>): string {
  const where = config.port === 0 ? 'the address printed below' : `${serverUrl(config.host, config.port)}/`;
  const recover = config.databaseUrl
    ? 'npx veil token create --role admin   (with the same VEIL_DATABASE_URL as this server)'
    : `npx veil token create --role admin --data-dir ${config.dataDir}`;
  return (
    `\nFirst start: created the default project and an admin token. The token is shown only this once:\n` +
    `  project id   ${first.projectId}\n  project key  ${first.projectKey}\n  admin token  ${first.adminToken}\n` +
    `Log in to the viewer at ${where} with the admin token.\n` +
    `Lost it? On this machine, from the repository root:\n  ${recover}\n\n`
  );
}

export function runningLine(url: string): string {
  return `\nVeil is running: ${url}  (viewer: ${url}/  demo: ${url}/demo)\n`;
}

/** A ListenError saying what to change for the errors an operator can fix, or null for the others. */
export function listenError(err: unknown, host: string, port: number): ListenError | null {
  const at = hostPort(host, port);
  switch ((err as { code?: string }).code) {
    case 'EADDRINUSE':
      return new ListenError(`${at} is in use; stop the other process or set VEIL_PORT (or PORT) to another port`);
    case 'EACCES':
      return new ListenError(`not allowed to listen on ${at} (ports below 1024 need privileges); set VEIL_PORT (or PORT) to another port`);
    case 'EADDRNOTAVAIL':
      return new ListenError(`cannot listen on ${at}: ${host} is not an address of this machine; set VEIL_HOST (or HOST)`);
    default:
      return null;
  }
}

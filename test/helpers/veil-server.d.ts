import { type ChildProcess } from 'node:child_process';
export declare const REPO_ROOT: string;
/** A real Veil server process (the built bundle) on an ephemeral port with its own data dir. */
export interface VeilServer {
    url: string;
    port: number;
    dataDir: string;
    projectId: string;
    projectKey: string;
    adminToken: string;
    process: ChildProcess;
    /** Everything the server wrote to stdout and stderr so far. */
    output(): string;
    /** Stops the server (SIGTERM, waiting for exit); the data dir stays unless `cleanup`. */
    stop(signal?: NodeJS.Signals): Promise<number | null>;
    /** Removes the data dir. */
    cleanup(): void;
}
/**
 * Starts `node apps/server/dist/server.js` and waits for its start banner. Pass `dataDir` to
 * restart on existing data (then the bootstrap secrets come from `reuse`).
 */
export declare function startVeil(opts?: {
    dataDir?: string;
    port?: number;
    env?: Record<string, string>;
    reuse?: Pick<VeilServer, 'projectId' | 'projectKey' | 'adminToken'>;
}): Promise<VeilServer>;
/** Calls the server's API with the admin token; answers status and parsed JSON. */
export declare function apiAs(server: Pick<VeilServer, 'url' | 'adminToken'>, path: string, init?: {
    method?: string;
    body?: unknown;
    token?: string;
}): Promise<{
    status: number;
    body: any;
}>;
/** Polls `check` until it answers a truthy value (no fixed sleeps in tests). */
export declare function waitFor<T>(check: () => Promise<T> | T, what: string, timeoutMs?: number, everyMs?: number): Promise<NonNullable<T>>;

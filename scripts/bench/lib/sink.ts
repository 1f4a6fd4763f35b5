import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local stand-in for a vendor's collector: answers 200 to anything, counts what it received. */
export interface Sink {
  url: string;
  /** Requests and body bytes received so far (besides the static files). */
  stats: { requests: number; bytes: number };
  close(): Promise<void>;
}

/**
 * Starts the sink on 127.0.0.1. `files` are served as-is (path -> [content type, body]); every
 * other request is drained and answered 200 with `answer` (JSON) and permissive CORS headers, so
 * SDKs that read their remote config from the collector get one that turns recording on.
 */
export async function startSink(files: Map<string, [string, string | Buffer]> = new Map(), answer: unknown = {}): Promise<Sink> {
  const stats = { requests: 0, bytes: 0 };
  const json = JSON.stringify(answer);
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const cors = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-credentials': 'true',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
    };
    const file = files.get((req.url ?? '/').split('?')[0]!);
    if (file && req.method === 'GET') {
      res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' });
      res.end(file[1]);
      return;
    }
    let bytes = 0;
    req.on('data', (d: Buffer) => (bytes += d.length));
    req.on('end', () => {
      if (req.method !== 'OPTIONS') {
        stats.requests++;
        stats.bytes += bytes;
      }
      res.writeHead(200, { ...cors, 'content-type': 'application/json' });
      res.end(json);
    });
  };
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

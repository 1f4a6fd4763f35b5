import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A page for one request path, or undefined for a 404. */
export type PageFor = (pathname: string) => string | undefined;

/** A second origin (another 127.0.0.1 port) serving the pages that embed Veil's `/veil.js`. */
export interface FixtureOrigin {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts a tiny HTTP server on an ephemeral port, so the recorded pages come from a different
 * origin than the Veil server, as on a customer's site.
 */
export async function startFixtureOrigin(pageFor: PageFor): Promise<FixtureOrigin> {
  const server: Server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://fixture.invalid');
    const html = pageFor(pathname);
    if (html === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

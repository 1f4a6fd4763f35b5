import type { BrowserContext } from 'playwright-core';
import type { VeilServer } from '../helpers/veil-server.js';

/**
 * Serves `/r/…` test pages on the Veil server's origin (Playwright answers them; `/veil.js` and
 * its recorder chunk come from the real server, untouched, as a customer's page gets them). Each
 * page inits Veil with the options in its `?o=` JSON and tallies formed batches in `window.__batches`.
 */
export async function serveRecorderPages(context: BrowserContext, server: Pick<VeilServer, 'url' | 'projectKey'>): Promise<void> {
  await context.route(`${server.url}/r/**`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><meta charset="utf-8"><title>r</title></head><body>
<h1>Recorder test page</h1><div id="root"></div>
<script src="/veil.js"></script>
<script>
  window.__batches = [];
  const opts = JSON.parse(new URLSearchParams(location.search).get('o') || '{}');
  Veil.init(Object.assign({ endpoint: location.origin, projectKey: ${JSON.stringify(server.projectKey)}, debug: true }, opts, {
    onBatch(b) { window.__batches.push(b); },
  }));
</script></body></html>`,
    }),
  );
}

export const pageUrl = (server: Pick<VeilServer, 'url'>, options: Record<string, unknown> = {}): string =>
  `${server.url}/r/page?o=${encodeURIComponent(JSON.stringify(options))}`;

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../../src/paths.js';
import { contentHash, pickEncoding } from '../../src/routes/recorder-files.js';
import { startHarness, type Harness } from '../helpers/veil-harness.js';

/** The built files (run `node scripts/build.mjs` first, as for every served-file test). */
const dist = dirname(PATHS.recorderBundle);
const loader = () => readFileSync(join(dist, 'veil.js'));
const chunk = () => readFileSync(join(dist, 'veil-recorder.js'));

describe('serving the recorder', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const get = (url: string, headers: Record<string, string> = {}) => h.app.inject({ method: 'GET', url, headers });

  it('sends brotli to a browser that accepts it, gzip to one that accepts only gzip, plain text to the rest', async () => {
    const br = await get('/veil.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload)).toEqual(loader());

    const gz = await get('/veil.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload)).toEqual(loader());

    const plain = await get('/veil.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload).toEqual(loader());

    const refused = await get('/veil.js', { 'accept-encoding': 'br;q=0, gzip' });
    expect(refused.headers['content-encoding']).toBe('gzip');
    for (const r of [br, gz, plain]) {
      expect(r.headers.vary).toMatch(/accept-encoding/i);
      expect(r.headers['content-type']).toMatch(/^text\/javascript/);
    }
  });

  it('answers a revalidation of the same version with 304 and no body, and a stale ETag with the file', async () => {
    const first = await get('/veil.js', { 'accept-encoding': 'br' });
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^"[0-9a-f]{12}-br"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    const again = await get('/veil.js', { 'accept-encoding': 'br', 'if-none-match': tag });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers.etag).toBe(tag);
    const stale = await get('/veil.js', { 'accept-encoding': 'br', 'if-none-match': '"000000000000-br"' });
    expect(stale.statusCode).toBe(200);
    expect(brotliDecompressSync(stale.rawPayload)).toEqual(loader());
  });

  it('gives each encoding its own strong ETag of the same version', async () => {
    const tags = await Promise.all(['br', 'gzip', 'identity'].map(async (e) => (await get('/veil.js', { 'accept-encoding': e })).headers.etag));
    expect(new Set(tags).size).toBe(3);
    for (const t of tags) expect(t).not.toMatch(/^W\//);
  });

  it('serves the versioned URL of the current build as immutable, and sends an older version to /veil.js', async () => {
    const hash = contentHash(loader());
    const versioned = await get(`/veil.${hash}.js`, { 'accept-encoding': 'br' });
    expect(versioned.statusCode).toBe(200);
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(versioned.rawPayload)).toEqual(loader());
    const old = await get('/veil.0123456789ab.js');
    expect(old.statusCode).toBe(307);
    expect(old.headers.location).toBe('/veil.js');
  });

  it('serves the recorder chunk the loader names, immutable, and no other version of it', async () => {
    const name = /veil-recorder\.[0-9a-f]{12}\.js/.exec(loader().toString('utf8'))?.[0];
    expect(name).toBe(`veil-recorder.${contentHash(chunk())}.js`);
    const r = await get(`/${name}`, { 'accept-encoding': 'gzip, br' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(r.rawPayload)).toEqual(chunk());
    const revalidated = await get(`/${name}`, { 'accept-encoding': 'gzip, br', 'if-none-match': r.headers.etag as string });
    expect(revalidated.statusCode).toBe(304);
    expect((await get('/veil-recorder.0123456789ab.js')).statusCode).toBe(404);
  });

  it('sends what a page loads before the gates agree in 8 KB at most, and the recorder within its 32 KB budget (br)', async () => {
    const l = await get('/veil.js', { 'accept-encoding': 'br, gzip' });
    const name = /veil-recorder\.[0-9a-f]{12}\.js/.exec(loader().toString('utf8'))![0];
    const c = await get(`/${name}`, { 'accept-encoding': 'br, gzip' });
    expect(l.rawPayload.length).toBeLessThanOrEqual(8 * 1024);
    console.info(`[figures] on the wire (br): veil.js ${l.rawPayload.length} B, ${name} ${c.rawPayload.length} B`);
    // A guard against growth, not the goal: issue #14 asks for 30 KB, which the privacy scanners
    // added since (linear-time detectors, CSS URLs, split tokens) put out of reach for now.
    expect(c.rawPayload.length).toBeLessThanOrEqual(32 * 1024);
  });
});

describe('pickEncoding', () => {
  it('prefers brotli, then gzip, honours q=0 and *', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('*, br;q=0')).toBe('gzip');
    expect(pickEncoding('gzip;q=0')).toBe('identity');
    expect(pickEncoding(undefined)).toBe('identity');
  });
});

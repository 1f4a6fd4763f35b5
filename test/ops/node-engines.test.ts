import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/veil-server.js';

/** The part of semver used here; semver comes with npm's tree (fastify depends on it) and reads ranges as npm does. */
interface Semver {
  Range: new (range: string) => { set: Array<Array<{ value: string }>> };
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
}
const semver = createRequire(import.meta.url)('semver') as Semver;

describe('Node engines', () => {
  it('every installed package accepts the oldest Node of each range the README promises (npm install warns EBADENGINE otherwise)', () => {
    const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
    };
    const promised = lock.packages['']!.engines as { node: string };
    // The oldest version of each alternative: ^20.19.0 || >=22.12.0 gives 20.19.0 and 22.12.0.
    const oldest = new semver.Range(promised.node).set.map((comparators) => semver.minVersion(comparators.map((c) => c.value).join(' '))!.version);
    expect(oldest.length).toBeGreaterThan(0);
    const refused: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const wants = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
      // Platform builds for other systems are in the lock but never installed here.
      if (path === '' || !wants || !existsSync(join(REPO_ROOT, path, 'package.json'))) continue;
      for (const node of oldest) if (!semver.satisfies(node, wants)) refused.push(`${path}@${entry.version} wants node ${wants}, not ${node}`);
    }
    expect(refused).toEqual([]);
  });
});

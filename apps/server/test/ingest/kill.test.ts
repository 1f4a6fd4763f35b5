import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

interface KillTestResult {
  acknowledged: number;
  present: number;
  missing: string[];
  refused: number;
  unanswered: number;
  resentOk: number;
  presentAfterResend: number;
  integrity: string;
  ok: boolean;
}

describe('kill -9 under load (scripts/kill-test.mjs, short form)', () => {
  it('keeps every acknowledged batch, stays intact, and takes the unanswered ones on re-send', async () => {
    // The real built server as a child process; `npm test` builds it first.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'scripts/kill-test.mjs'), '--clients', '4', '--acks-before-kill', '40', '--json'],
      { cwd: ROOT, timeout: 120_000 },
    ).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as KillTestResult;

    expect(result.acknowledged).toBeGreaterThanOrEqual(40);
    expect(result.missing).toEqual([]);
    expect(result.present).toBe(result.acknowledged);
    expect(result.integrity).toBe('ok');
    expect(result.refused).toBe(0);
    expect(result.resentOk).toBe(result.unanswered);
    expect(result.presentAfterResend).toBe(result.unanswered);
    expect(result.ok).toBe(true);
  });
});

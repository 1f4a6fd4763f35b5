import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

interface BenchRow {
  scenario: string;
  subject: string;
  metric: string;
  value: number | null;
  note?: string;
}

/**
 * Runs `npm run bench -- --smoke` (tiny sizes) so the benchmark cannot rot. It checks only that
 * every scenario produced numbers — never timings, which belong to the full run on a quiet machine.
 * Assumes the bundles are built (`npm test` builds first), like the end-to-end tests.
 */
describe('npm run bench -- --smoke', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veil-bench-smoke-'));
  const out = join(dir, 'latest.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every scenario and reports a number for each of Veil’s figures', async () => {
    await run(process.execPath, [join(ROOT, 'scripts/bench/build.mjs')], { cwd: ROOT });
    // A failed scenario exits 1: read the results anyway, the assertions below say which one.
    const { stdout } = await run(process.execPath, [join(ROOT, 'build/bench/run.mjs'), '--smoke', `--out=${out}`], {
      cwd: ROOT,
      timeout: 170_000,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err: { stdout?: string; killed?: boolean; message: string }) => {
      if (err.killed) throw new Error(`the smoke run timed out: ${err.message}`);
      return { stdout: err.stdout ?? '' };
    });
    const result = JSON.parse(readFileSync(out, 'utf8')) as { smoke: boolean; failures: string[]; rows: BenchRow[] };
    expect(result.smoke).toBe(true);
    const failed = result.rows.filter((r) => r.metric === 'scenario failed');
    expect(result.failures, JSON.stringify(failed)).toEqual([]);
    const scenarios = new Set(result.rows.map((r) => r.scenario));
    expect([...scenarios].sort()).toEqual(['1 size', '2 main thread', '2b mutation-heavy', '3 bytes', '4 ingest', '5 retention', '6 replay']);
    for (const scenario of scenarios) {
      const veilRows = result.rows.filter((r) => r.scenario === scenario && r.subject.startsWith('Veil'));
      expect(veilRows.length, scenario).toBeGreaterThan(0);
      for (const row of veilRows) expect(Number.isFinite(row.value), `${scenario}: ${row.metric}: ${row.note ?? ''}`).toBe(true);
    }
    expect(stdout).toContain('| Scenario |');
  }, 180_000);
});

// `npm run bench`: runs every scenario on this machine and prints one markdown table; the same
// results go to bench-results/latest.json. `--smoke` (or VEIL_BENCH_SMOKE=1) runs tiny sizes;
// `--only=size,ingest` runs some scenarios; `--out=FILE` writes the JSON elsewhere.
// Built by scripts/bench/build.mjs into build/bench/run.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describeMachine, machineLine } from './lib/machine.js';
import { PATHS } from './lib/paths.js';
import type { Row, Scenario } from './lib/result.js';
import { markdownTable } from './lib/table.js';
import { bytesScenario } from './scenarios/bytes.js';
import { ingestScenario } from './scenarios/ingest.js';
import { mainThreadScenario } from './scenarios/main-thread.js';
import { mutationHeavyScenario } from './scenarios/mutation-heavy.js';
import { replayScenario } from './scenarios/replay.js';
import { retentionScenario } from './scenarios/retention.js';
import { sizeScenario } from './scenarios/size.js';

const SCENARIOS: Scenario[] = [sizeScenario, mainThreadScenario, mutationHeavyScenario, bytesScenario, ingestScenario, retentionScenario, replayScenario];

const argv = process.argv.slice(2);
const flag = (name: string) => argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const value = (name: string) => flag(name)?.split('=').slice(1).join('=');
const smoke = Boolean(flag('smoke')) || process.env.VEIL_BENCH_SMOKE === '1';
const only = value('only')?.split(',');
const out = value('out') ?? join(PATHS.results, 'latest.json');

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;
const rows: Row[] = [];
const failures: string[] = [];
for (const scenario of SCENARIOS) {
  if (only && !only.includes(scenario.id)) continue;
  const log = (m: string) => process.stderr.write(`[bench ${elapsed()}] ${scenario.id}: ${m}\n`);
  log(`start${smoke ? ' (smoke)' : ''}`);
  const t = Date.now();
  try {
    rows.push(...(await scenario.run({ smoke, log })));
  } catch (err) {
    // One broken scenario must not hide the others' figures.
    failures.push(scenario.id);
    log(`FAILED: ${(err as Error).stack ?? String(err)}`);
    rows.push({ scenario: scenario.title, subject: '—', metric: 'scenario failed', value: null, unit: '', note: `n/a: ${(err as Error).message.split('\n')[0]}` });
  }
  log(`done in ${((Date.now() - t) / 1000).toFixed(1)}s`);
}

const machine = describeMachine(null);
const durationS = Math.round((Date.now() - started) / 1000);
const markdown = markdownTable(rows);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ startedAt: new Date(started).toISOString(), smoke, durationS, machine, failures, rows, markdown }, null, 2) + '\n');
process.stdout.write(`\n${markdown}\n\nMachine: ${machineLine(machine)}. ${smoke ? 'Smoke run (tiny sizes). ' : ''}Took ${durationS} s.\n`);
// A scenario that failed half-way may have left a handle open: do not wait for it.
process.exit(failures.length > 0 ? 1 : 0);

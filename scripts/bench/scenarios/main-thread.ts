import { recorderCostScenario } from '../lib/recorder-cost-scenario.js';
import { mutationWorkload } from '../lib/mutation-page.js';

/**
 * The page's cost of recording a steady workload: 1,000 rows of 10 nodes, 5 rounds of attribute
 * and text churn over all of them, typing into 20 inputs, 30 scrolls.
 */
export const mainThreadScenario = recorderCostScenario({
  id: 'main-thread',
  title: '2 main thread',
  workload: mutationWorkload,
  full: { arg: { rows: 1_000, fields: 20, chars: 16, scrolls: 30 }, runs: 3, settleMs: 2_500 },
  smoke: { arg: { rows: 50, fields: 4, chars: 4, scrolls: 4 }, runs: 1, settleMs: 300 },
  describe: '1000×10 nodes, 5 rounds of attribute + text churn, 20 inputs × 16 keys, 30 scrolls',
});

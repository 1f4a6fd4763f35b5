import { recorderCostScenario } from '../lib/recorder-cost-scenario.js';
import { burstWorkload } from '../lib/mutation-page.js';

/**
 * The page's cost of recording a page that builds itself in bursts (a feed, a data grid): 21,000
 * nodes added in 30 bursts, 2,000 text and 2,000 attribute changes, typing and scrolling.
 */
export const mutationHeavyScenario = recorderCostScenario({
  id: 'mutation-heavy',
  title: '2b mutation-heavy',
  workload: burstWorkload,
  full: { arg: { bursts: 30, rowsPerBurst: 70, texts: 2_000, attributes: 2_000, fields: 10, chars: 16, scrolls: 20 }, runs: 5, settleMs: 2_500 },
  smoke: { arg: { bursts: 3, rowsPerBurst: 10, texts: 50, attributes: 50, fields: 2, chars: 4, scrolls: 3 }, runs: 1, settleMs: 300 },
  describe: '21,000 nodes added in 30 bursts, 2,000 text + 2,000 attribute changes, 10 inputs × 16 keys, 20 scrolls',
});

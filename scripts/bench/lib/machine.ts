import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';

export interface Machine {
  nproc: number;
  cpu: string;
  ramGiB: number;
  node: string;
  chromium: string | null;
}

/** What the figures were measured on (for the README and the JSON). */
export function describeMachine(chromium: string | null): Machine {
  let cpu = 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux: leave it unknown
  }
  return { nproc: availableParallelism(), cpu, ramGiB: Math.round(totalmem() / 2 ** 30), node: process.version, chromium };
}

export function machineLine(m: Machine): string {
  return `${m.nproc} CPU (${m.cpu}), ${m.ramGiB} GiB RAM, Node ${m.node}${m.chromium ? `, Chromium ${m.chromium}` : ''}`;
}

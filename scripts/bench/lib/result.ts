/** One line of the results table: a measured figure, what it is compared with, and its goal. */
export interface Row {
  /** Scenario number and name, e.g. `1 size`. */
  scenario: string;
  /** What was measured: `Veil`, `@rrweb/record`, `Sentry replay`, … */
  subject: string;
  metric: string;
  /** null when the figure could not be measured (then `note` says why). */
  value: number | null;
  unit: string;
  /** The same metric of the anchor it is compared with, measured in the same run, and that ratio. */
  ratio?: { vs: string; value: number | null };
  goal?: string;
  /** Whether the goal is met; undefined for rows without a goal. */
  met?: boolean;
  note?: string;
}

export interface ScenarioContext {
  smoke: boolean;
  log(message: string): void;
}

export interface Scenario {
  id: string;
  title: string;
  run(ctx: ScenarioContext): Promise<Row[]>;
}

/** A row for something that could not be measured, with the reason. */
export function notAvailable(scenario: string, subject: string, metric: string, unit: string, reason: string): Row {
  return { scenario, subject, metric, value: null, unit, note: `n/a: ${reason}` };
}

/** a / b, or null when either is missing or b is 0. */
export function ratioOf(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return a / b;
}

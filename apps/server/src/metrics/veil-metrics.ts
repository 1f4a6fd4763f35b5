import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { StoreStats } from '../store/types.js';
import { Counter, Gauge, Histogram, Registry } from './registry.js';

/** Where the gauges read their values when scraped. */
export interface MetricSources {
  /** The store's figures read for this scrape; null when the store did not answer (the gauges are left out). */
  storeStats(): StoreStats | null;
}

/** One figure of the store's, or a throw that leaves the gauge out of this scrape. */
function storeFigure(sources: MetricSources, pick: (s: StoreStats) => number): () => number {
  return () => {
    const stats = sources.storeStats();
    if (!stats) throw new Error('no store figures');
    return pick(stats);
  };
}

/** Latency buckets in seconds: ingest should sit well under 50 ms. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Every metric Veil exposes at GET /metrics, in one place. */
export function createVeilMetrics(sources: MetricSources) {
  const registry = new Registry();
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const m = {
    registry,
    ingestBatches: registry.register(new Counter('veil_ingest_batches_total', 'Ingest requests by outcome (stored, duplicate, rejected) and error code.')),
    ingestBytes: registry.register(new Counter('veil_ingest_bytes_total', 'Request body bytes received by ingest, by outcome.')),
    eventsStored: registry.register(new Counter('veil_events_stored_total', 'rrweb events stored.')),
    redactions: registry.register(new Counter('veil_privacy_redactions_total', 'Strings the server had to mask, by detector or kind.')),
    requestDuration: registry.register(new Histogram('veil_http_request_duration_seconds', 'HTTP request latency by route, method and status class.', LATENCY_BUCKETS)),
    sweeps: registry.register(new Counter('veil_retention_sweeps_total', 'Retention sweeps run.')),
    sweptSessions: registry.register(new Counter('veil_retention_deleted_sessions_total', 'Sessions deleted by retention sweeps.')),
    sweepDuration: registry.register(new Histogram('veil_retention_sweep_duration_seconds', 'Duration of retention sweeps.', [0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300])),
    stopMonitoring: () => loopDelay.disable(),
  };
  registry.register(new Gauge('veil_sessions_stored', 'Sessions stored (including expired ones the sweeper has not reached).', storeFigure(sources, (s) => s.sessions)));
  registry.register(new Gauge('veil_session_bytes_stored', 'Compressed recording bytes stored.', storeFigure(sources, (s) => s.bytes)));
  registry.register(
    new Gauge('veil_database_size_bytes', 'Size of the database (SQLite: main file and WAL; PostgreSQL: the database).', storeFigure(sources, (s) => s.databaseBytes)),
  );
  registry.register(new Gauge('veil_event_loop_lag_seconds', 'Event loop delay, p99 over the last scrape interval.', () => {
    const p99 = loopDelay.percentile(99) / 1e9;
    loopDelay.reset();
    return p99;
  }));
  return m;
}

export type VeilMetrics = ReturnType<typeof createVeilMetrics>;

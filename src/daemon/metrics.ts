import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '../core/types.js';
import type { DaemonStatus, HealthReport } from './health.js';
import type { RunResult, TickResult } from './result.js';

export interface DaemonMetrics {
  readonly registry: Registry;
  /** Counts one recorded run and its actions. */
  countRun(run: TickResult): void;
}

/** Where the gauges read from at scrape time: the one recorded status. */
export interface MetricsSource {
  status(): DaemonStatus;
  health(): HealthReport;
}

const RUN_RESULTS: readonly RunResult[] = ['success', 'failure', 'skipped'];

/**
 * The daemon's own registry (never prom-client's global one, so tests and several daemons in one
 * process do not share series). Gauges are derived from the recorded status at scrape time, so
 * expiry seconds keep counting down between runs and turn negative once a material expired.
 */
export function createMetrics(clock: Clock, source: MetricsSource, opts: { processMetrics: boolean }): DaemonMetrics {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  new Gauge({
    name: 'byok_material_expiry_seconds',
    help: 'Seconds until the imported material of a managed key expires (<= 0 once expired), as of the last read',
    labelNames: ['manifest', 'key', 'provider', 'generation'] as const,
    registers,
    collect() {
      this.reset();
      const view = source.status().view;
      if (!view) return;
      const now = clock.now().getTime();
      for (const m of view.materials) {
        if (!m.validTo) continue;
        this.set({ manifest: view.manifest, key: m.keyName, provider: m.provider, generation: m.generation }, Math.round((m.validTo.getTime() - now) / 1000));
      }
    },
  });
  new Gauge({
    name: 'byok_key_material_expiry_seconds',
    help: 'In-place keys: seconds until each of a key\'s materials expires (<= 0 once expired); every one must stay imported for the key to stay Enabled',
    labelNames: ['manifest', 'key', 'provider', 'generation', 'key_material_id', 'kcv', 'material_state'] as const,
    registers,
    collect() {
      this.reset();
      const view = source.status().view;
      if (!view) return;
      const now = clock.now().getTime();
      for (const m of view.materials) {
        for (const x of m.materials ?? []) {
          if (!x.validTo) continue;
          const labels = { manifest: view.manifest, key: m.keyName, provider: m.provider, generation: m.generation, key_material_id: x.keyMaterialId, kcv: x.kcv ?? '', material_state: x.state };
          this.set(labels, Math.round((x.validTo.getTime() - now) / 1000));
        }
      }
    },
  });
  const runs = new Counter({ name: 'byok_runs_total', help: 'Reconcile runs by result', labelNames: ['result'] as const, registers });
  const actions = new Counter({ name: 'byok_actions_total', help: 'Plan actions the daemon applied, by kind and result', labelNames: ['kind', 'result'] as const, registers });
  const gauge = (name: string, help: string, read: (s: DaemonStatus) => number) =>
    new Gauge({ name, help, registers, collect() { this.set(read(source.status())); } });
  gauge('byok_last_success_timestamp_seconds', 'Unix time of the last successful run (0 before the first)', (s) => (s.lastSuccessAt ? s.lastSuccessAt.getTime() / 1000 : 0));
  gauge('byok_manifest_valid', '1 when the manifest on disk is valid, 0 while the daemon runs with the last good one', (s) => (s.manifest.valid ? 1 : 0));
  gauge('byok_consecutive_failures', 'Failed runs since the last success', (s) => s.consecutiveFailures);
  gauge('byok_healthy', '1 when /healthz answers 200', () => (source.health().healthy ? 1 : 0));
  for (const result of RUN_RESULTS) runs.inc({ result }, 0);

  return {
    registry,
    countRun(run) {
      runs.inc({ result: run.result });
      for (const o of run.outcomes) actions.inc({ kind: o.kind, result: o.result });
    },
  };
}

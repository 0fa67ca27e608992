import type { AuthEvents } from '../../application/ports/auth-events.js';
import type { AppMetrics } from './app-metrics.js';
import { loginLabels } from './labels.js';

/** AuthEvents as Prometheus counters. Never throws: a metrics fault must not fail a login. */
export class PromAuthEvents implements AuthEvents {
  constructor(private readonly metrics: AppMetrics) {}

  loginFinished(outcome: string): void {
    quietly(() => this.metrics.logins.inc(loginLabels(outcome)));
  }

  tokenRefreshed(outcome: 'success' | 'rejected' | 'failed'): void {
    quietly(() => this.metrics.refreshes.inc({ outcome }));
  }

  tokenRevoked(outcome: 'success' | 'failed', resourceServer: string): void {
    quietly(() => this.metrics.revocations.inc({ outcome, resource_server: this.metrics.resourceServerLabel(resourceServer) }));
  }
}

function quietly(work: () => void): void {
  try {
    work();
  } catch {
    // Counting is best effort.
  }
}

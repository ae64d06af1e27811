import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMetrics, METRICS_CONTENT_TYPE } from '../../src/metrics/index.ts';

/** The operations contract: every `relay_*` series with its type and labels (README, dashboards). */
const CONTRACT: Record<string, { type: string; labels: string[] }> = {
  relay_http_requests_total: { type: 'counter', labels: ['method', 'route', 'status'] },
  relay_http_request_duration_seconds: { type: 'histogram', labels: ['method', 'route'] },
  relay_provider_calls_total: { type: 'counter', labels: ['operation', 'outcome'] },
  relay_provider_call_duration_seconds: { type: 'histogram', labels: ['operation'] },
  relay_provider_unexpected_total: { type: 'counter', labels: ['operation'] },
  relay_webhook_deliveries_total: { type: 'counter', labels: ['outcome'] },
  relay_sse_streams_open: { type: 'gauge', labels: [] },
  relay_sessions: { type: 'gauge', labels: ['status'] },
  relay_http_connections_open: { type: 'gauge', labels: [] },
  relay_limit_refusals_total: { type: 'counter', labels: ['limit'] },
};

/** Type and label names of each family in an exposition text (histogram `le` and suffixes folded). */
function families(text: string) {
  const found = new Map<string, { type: string; labels: Set<string> }>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) found.set(type[1]!, { type: type[2]!, labels: new Set() });
    const sample = /^([a-zA-Z_:][\w:]*?)(?:_bucket|_sum|_count)?(?:\{(.*)\})? \S+$/.exec(line);
    const family = sample && (found.get(sample[1]!) ?? found.get(line.split(/[{ ]/)[0]!));
    if (!family || !sample) continue;
    for (const [, name] of (sample[2] ?? '').matchAll(/(\w+)="(?:[^"\\]|\\.)*"/g)) {
      if (name !== 'le') family.labels.add(name!);
    }
  }
  return found;
}

function feedEverySeries(metrics: ReturnType<typeof createMetrics>) {
  metrics.httpRequests.inc({ method: 'GET', route: '/v1/identifications/:id', status: '200' });
  metrics.httpDuration.observe({ method: 'GET', route: '/v1/identifications/:id' }, 0.02);
  metrics.observeProviderCall({ operation: 'startWebIdentification', outcome: 'ok', ms: 120 });
  metrics.webhookDeliveries.inc({ outcome: 'delivered' });
  metrics.providerUnexpected.inc({ operation: 'getWebIdentificationStatus' });
}

describe('relay metrics', () => {
  it('keep every contract name, type and label', async () => {
    const metrics = createMetrics({ store: { countByStatus: async () => ({ completed: 1 }) } });
    feedEverySeries(metrics);
    const found = families(await metrics.render());
    for (const [name, contract] of Object.entries(CONTRACT)) {
      const family = found.get(name);
      expect(family && { type: family.type, labels: [...family.labels] }, name).toEqual(contract);
    }
    expect(METRICS_CONTENT_TYPE).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('exposes the values fed from requests, provider calls, store and SSE registry', async () => {
    let open = 3;
    const metrics = createMetrics({
      store: { countByStatus: async () => ({ completed: 4, in_progress: 1 }) },
      sse: {
        get size() {
          return open;
        },
      },
    });
    feedEverySeries(metrics);
    const text = await metrics.render();
    expect(text).toContain(
      'relay_http_requests_total{method="GET",route="/v1/identifications/:id",status="200"} 1',
    );
    expect(text).toContain('relay_provider_calls_total{operation="startWebIdentification",outcome="ok"} 1');
    expect(text).toContain(
      'relay_provider_call_duration_seconds_bucket{le="0.25",operation="startWebIdentification"} 1',
    );
    expect(text).toContain(
      'relay_provider_call_duration_seconds_bucket{le="0.1",operation="startWebIdentification"} 0',
    );
    expect(text).toContain('# TYPE relay_sse_streams_open gauge\nrelay_sse_streams_open 3');
    expect(text).toContain('relay_sessions{status="completed"} 4');
    expect(text).toContain('relay_sessions{status="created"} 0');
    open = 0;
    expect(await metrics.render()).toContain('relay_sse_streams_open 0');
  });

  it('include the process and Node.js defaults, event-loop lag among them, for every relay in the process', async () => {
    const texts = await Promise.all([createMetrics().render(), createMetrics().render()]);
    for (const text of texts) {
      const names = families(text);
      for (const name of [
        'nodejs_eventloop_lag_seconds',
        'nodejs_eventloop_lag_p99_seconds',
        'nodejs_heap_size_used_bytes',
        'nodejs_gc_duration_seconds',
        'process_cpu_seconds_total',
        'process_resident_memory_bytes',
      ]) {
        expect(names.has(name), name).toBe(true);
      }
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    }
  });

  it('still renders when the store is down', async () => {
    const metrics = createMetrics({
      store: { countByStatus: async () => Promise.reject(new Error('down')) },
    });
    expect(await metrics.render()).toContain('# TYPE relay_sessions gauge');
  });

  it('are all listed in the README with their labels, and the README lists no other', async () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const metrics = createMetrics();
    const names = [...families(await metrics.render()).keys()].filter((n) => n.startsWith('relay_'));
    for (const name of names) {
      // Labels as a registered family declares them, whether or not a series exists yet.
      const family = metrics.registry.getSingleMetric(name) as unknown as { labelNames: string[] };
      const labels = family.labelNames.length ? `{${family.labelNames.join(',')}}` : '';
      expect(readme, `README row for ${name}`).toContain(`| \`${name}${labels}\``);
    }
    const listed = [...readme.matchAll(/^\| `(relay_\w+)/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(names.sort());
  });
});

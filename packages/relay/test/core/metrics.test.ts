import { describe, expect, it } from 'vitest';
import { Counter, createMetrics, Gauge, Histogram, Registry } from '../../src/metrics/index.ts';

describe('Prometheus registry', () => {
  it('renders counters, gauges and histograms in text format 0.0.4', async () => {
    const registry = new Registry();
    const c = registry.register(new Counter('x_total', 'Things.', ['kind']));
    const g = registry.register(new Gauge('y', 'Level.'));
    const h = registry.register(new Histogram('z_seconds', 'Durations.', ['op'], [0.1, 1]));
    c.inc({ kind: 'a' });
    c.inc({ kind: 'a' }, 2);
    c.inc({ kind: 'say "hi"\n' });
    g.set({}, 5);
    h.observe({ op: 'q' }, 0.05);
    h.observe({ op: 'q' }, 0.5);
    h.observe({ op: 'q' }, 3);
    expect(await registry.render()).toBe(
      [
        '# HELP x_total Things.',
        '# TYPE x_total counter',
        'x_total{kind="a"} 3',
        'x_total{kind="say \\"hi\\"\\n"} 1',
        '# HELP y Level.',
        '# TYPE y gauge',
        'y 5',
        '# HELP z_seconds Durations.',
        '# TYPE z_seconds histogram',
        'z_seconds_bucket{op="q",le="0.1"} 1',
        'z_seconds_bucket{op="q",le="1"} 2',
        'z_seconds_bucket{op="q",le="+Inf"} 3',
        'z_seconds_sum{op="q"} 3.55',
        'z_seconds_count{op="q"} 3',
        '',
      ].join('\n'),
    );
    expect(() => c.inc({}, -1)).toThrow();
    expect(() => registry.register(new Gauge('y', 'again'))).toThrow(/twice/);
  });
});

describe('relay metrics', () => {
  it('exposes the contract metrics fed from store and SSE registry', async () => {
    let open = 3;
    const metrics = createMetrics({
      store: { countByStatus: async () => ({ completed: 4, in_progress: 1 }) },
      sse: {
        get size() {
          return open;
        },
      },
    });
    metrics.httpRequests.inc({ method: 'GET', route: '/v1/identifications/:id', status: 200 });
    metrics.observeProviderCall({ operation: 'startWebIdentification', outcome: 'ok', ms: 120 });
    const text = await metrics.render();
    expect(text).toContain(
      'relay_http_requests_total{method="GET",route="/v1/identifications/:id",status="200"} 1',
    );
    expect(text).toContain('relay_provider_calls_total{operation="startWebIdentification",outcome="ok"} 1');
    expect(text).toContain(
      'relay_provider_call_duration_seconds_bucket{operation="startWebIdentification",le="0.25"} 1',
    );
    expect(text).toContain('# TYPE relay_sse_streams_open gauge\nrelay_sse_streams_open 3');
    expect(text).toContain('relay_sessions{status="completed"} 4');
    expect(text).toContain('relay_sessions{status="created"} 0');
    open = 0;
    expect(await metrics.render()).toContain('relay_sse_streams_open 0');
  });

  it('still renders when the store is down', async () => {
    const metrics = createMetrics({
      store: { countByStatus: async () => Promise.reject(new Error('down')) },
    });
    expect(await metrics.render()).toContain('# TYPE relay_sessions gauge');
  });
});

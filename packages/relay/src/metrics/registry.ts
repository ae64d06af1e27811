/**
 * A tiny Prometheus registry: counters, gauges, histograms with labels, rendered in the text
 * exposition format 0.0.4. No dependency; only what the relay uses.
 */

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels<L extends string> = Partial<Record<L, string | number>>;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function labelKey(names: readonly string[], labels: Labels<string>): string {
  return names.map((n) => `${n}="${escapeLabel(String(labels[n] ?? ''))}"`).join(',');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function sample(name: string, key: string, value: number): string {
  return `${name}${key ? `{${key}}` : ''} ${formatValue(value)}`;
}

interface Metric {
  readonly name: string;
  render(): string[];
  /** Refreshes values from their source before rendering (gauges fed by callbacks). */
  collect?(): Promise<void> | void;
}

abstract class Base<L extends string> implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[],
    readonly type: 'counter' | 'gauge' | 'histogram',
  ) {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new Error(`invalid metric name ${name}`);
  }
  header(): string[] {
    return [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`];
  }
  abstract render(): string[];
}

export class Counter<L extends string = never> extends Base<L> {
  #values = new Map<string, number>();
  constructor(name: string, help: string, labelNames: readonly L[] = []) {
    super(name, help, labelNames, 'counter');
  }
  inc(labels: Labels<L> = {}, by = 1): void {
    if (by < 0) throw new Error('a counter only goes up');
    const key = labelKey(this.labelNames, labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }
  get(labels: Labels<L> = {}): number {
    return this.#values.get(labelKey(this.labelNames, labels)) ?? 0;
  }
  render(): string[] {
    const lines = this.header();
    if (this.#values.size === 0 && this.labelNames.length === 0) lines.push(sample(this.name, '', 0));
    for (const [key, value] of this.#values) lines.push(sample(this.name, key, value));
    return lines;
  }
}

export class Gauge<L extends string = never> extends Base<L> {
  #values = new Map<string, number>();
  constructor(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    readonly collector?: (gauge: Gauge<L>) => Promise<void> | void,
  ) {
    super(name, help, labelNames, 'gauge');
  }
  set(labels: Labels<L>, value: number): void {
    this.#values.set(labelKey(this.labelNames, labels), value);
  }
  get(labels: Labels<L> = {}): number {
    return this.#values.get(labelKey(this.labelNames, labels)) ?? 0;
  }
  reset(): void {
    this.#values.clear();
  }
  async collect(): Promise<void> {
    await this.collector?.(this);
  }
  render(): string[] {
    const lines = this.header();
    if (this.#values.size === 0 && this.labelNames.length === 0) lines.push(sample(this.name, '', 0));
    for (const [key, value] of this.#values) lines.push(sample(this.name, key, value));
    return lines;
  }
}

export const DEFAULT_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class Histogram<L extends string = never> extends Base<L> {
  #series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    readonly buckets: readonly number[] = DEFAULT_BUCKETS,
  ) {
    super(name, help, labelNames, 'histogram');
  }
  observe(labels: Labels<L>, value: number): void {
    const key = labelKey(this.labelNames, labels);
    let series = this.#series.get(key);
    if (!series) {
      series = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) series.counts[i]!++;
    series.sum += value;
    series.count++;
  }
  render(): string[] {
    const lines = this.header();
    for (const [key, s] of this.#series) {
      const prefix = key ? `${key},` : '';
      this.buckets.forEach((le, i) => {
        lines.push(sample(`${this.name}_bucket`, `${prefix}le="${formatValue(le)}"`, s.counts[i]!));
      });
      lines.push(sample(`${this.name}_bucket`, `${prefix}le="+Inf"`, s.count));
      lines.push(sample(`${this.name}_sum`, key, s.sum));
      lines.push(sample(`${this.name}_count`, key, s.count));
    }
    return lines;
  }
}

export class Registry {
  #metrics: Metric[] = [];
  register<M extends Metric>(metric: M): M {
    if (this.#metrics.some((m) => m.name === metric.name))
      throw new Error(`metric ${metric.name} registered twice`);
    this.#metrics.push(metric);
    return metric;
  }
  async render(): Promise<string> {
    for (const metric of this.#metrics) {
      try {
        await metric.collect?.();
      } catch {
        // A failing source (store down) must not take /metrics down with it; /readyz reports that.
      }
    }
    return `${this.#metrics.flatMap((m) => m.render()).join('\n')}\n`;
  }
}

import { waitUntil } from '@open-wc/testing';
import 'axe-core/axe.min.js';
import { type BoricaElement, timing } from '../src/index.ts';

// short timers: the stream falls back and reconnects within a test's time
Object.assign(timing, { retry: 40, maxRetry: 200, poll: 80, silence: 400 });

export interface FakeSession {
  id: string;
  token: string;
}
export interface FakeState {
  status: string;
  log: string[];
  lastEventIds: number[];
  body?: Record<string, unknown>;
  startBody?: Record<string, unknown>;
  subscribers: number;
  redirectUrl?: string;
}

export const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());

export const fakeSession = (o: Record<string, unknown> = {}): Promise<FakeSession> =>
  post('/__fake/sessions', o);
export const push = (id: string, status: string, provider: Record<string, string> = {}) =>
  post(`/__fake/sessions/${id}/push`, { status, provider });
export const fakeState = (id: string): Promise<FakeState> =>
  fetch(`/__fake/sessions/${id}`).then((r) => r.json());

const mounted: Element[] = [];
export interface Mounted<T> {
  el: T;
  // biome-ignore lint/suspicious/noExplicitAny: each event has its own detail; tests read them loosely
  events: { type: string; detail: any }[];
  navigations: string[];
}

/** Creates the element with attributes, records its events and navigations, and appends it. */
export function mount<T extends BoricaElement = BoricaElement>(
  tag: string,
  attrs: Record<string, string>,
  props: Partial<BoricaElement> = {},
): Mounted<T> {
  const el = document.createElement(tag) as T;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  const events: Mounted<T>['events'] = [];
  const navigations: string[] = [];
  for (const type of [
    'borica-ready',
    'borica-start',
    'borica-status',
    'borica-complete',
    'borica-error',
    'borica-cancel',
    'borica-expire',
    'borica-retry',
  ]) {
    // on document: proves the events bubble and cross the shadow boundary
    el.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail }));
  }
  el.navigate = (url) => navigations.push(url);
  Object.assign(el, props);
  document.body.append(el);
  mounted.push(el);
  return { el, events, navigations };
}

export function cleanup(): void {
  for (const el of mounted.splice(0)) el.remove();
  // localStorage (the once-per-browser markers) is shared with the test files running beside this one,
  // and every test has its own session ids: left as it is
  sessionStorage.clear();
}

export const root = (el: Element) => el.shadowRoot!;
export const $ = <E extends Element = HTMLElement>(el: Element, sel: string) =>
  root(el).querySelector<E>(sel);
export const text = (el: Element) => (root(el).textContent || '').replace(/\s+/g, ' ').trim();
export const heading = (el: Element) => $(el, 'h2')?.textContent?.trim() || '';
export const until = (fn: () => unknown, message = 'condition', timeout = 3000) =>
  waitUntil(fn, message, { timeout, interval: 20 });
export const count = (m: Mounted<unknown>, type: string) => m.events.filter((e) => e.type === type).length;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Clicks the button whose text is `label`, once it is there and enabled. */
export async function click(el: Element, label: string): Promise<void> {
  const find = () => [...root(el).querySelectorAll('button')].find((x) => x.textContent?.trim() === label);
  await until(() => find() && !find()!.disabled, `button "${label}"`);
  find()!.click();
}

/** axe-core over the element's rendered DOM (shadow included) against WCAG 2.x A/AA. */
// axe-core is a UMD script: it installs itself as `window.axe`
const axe = () => (globalThis as unknown as { axe: typeof import('axe-core') }).axe;

export async function axeClean(el: Element): Promise<void> {
  const r = await axe().run(el, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  });
  const v = r.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  if (v.length) throw new Error(`axe violations:\n${v.join('\n')}`);
}

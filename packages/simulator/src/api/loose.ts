/**
 * Dialect `loose`: answers as a real service may send them beside the guide's examples — fields the
 * guide never mentions, `null` where it shows a value, dates in other styles (2.2 itself shows
 * `2021-09-09T15:49:54.407246+03:00`, 4.1 `2022-02-16T16:36:43.616Z`), and `message` in Bulgarian
 * whatever `Accept-language` said (5.1's example).
 */
import { MESSAGES } from './messages.ts';

/** Fields the guide shows with a value that a loose provider leaves null (4.1). */
const NULLED = new Set(['reviewedOn', 'userMessageBg', 'processedOn']);
const PROVIDER_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;
const BG_BY_TEXT = new Map<string, string>(Object.values(MESSAGES).map((m) => [m.en, m.bg]));

let turn = 0;

/** One of four date styles in turn: Sofia offset with microseconds, `Z`, no fraction, no offset (UTC clock). */
function restyle(date: string): string {
  const ms = Date.parse(date);
  const iso = new Date(ms).toISOString(); // 2021-09-09T12:49:54.407Z
  switch (turn++ % 4) {
    case 0: {
      // +03:00 is Sofia's summer time; the instant stays the same.
      const local = new Date(ms + 3 * 3_600_000).toISOString().slice(0, 23);
      return `${local}246+03:00`;
    }
    case 1:
      return iso;
    case 2:
      return `${iso.slice(0, 19)}+00:00`;
    default:
      return iso.slice(0, 23);
  }
}

function visit(value: unknown, key: string | undefined): unknown {
  if (key !== undefined && NULLED.has(key)) return null;
  if (typeof value === 'string') {
    if (PROVIDER_DATE.test(value)) return restyle(value);
    if (key === 'message') return BG_BY_TEXT.get(value) ?? value;
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => visit(v, undefined));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = visit(v, k);
  // Unknown fields at every level, of several types (a Java service adds what its DTO has).
  out.traceRef = `tr-${(turn++).toString(36)}`;
  out.version = 2;
  out.flags = { beta: false };
  return out;
}

export function loosen<T>(body: T): T {
  return visit(body, undefined) as T;
}

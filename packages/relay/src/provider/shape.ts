/**
 * The shape of a JSON value without its values: keys, value types, and the values of the guide's
 * enumerations (status, step, processState, …). What the provider trace and the "unexpected answer"
 * warnings show, so that both are safe to share: never an id, name, number, date or document.
 */

/** Keys whose values are the guide's enumerations (5.1, 4.1, 2.4) and response codes: shown. */
const ENUM_KEYS = new Set(['status', 'step', 'processState', 'reviewStatus', 'code', 'responseCode']);
const ENUM_VALUE = /^[A-Z][A-Z0-9_ ]{0,63}$/;

export type Shape = string | Shape[] | { [key: string]: Shape };

function stringKind(key: string | undefined, s: string): string {
  if (key !== undefined && ENUM_KEYS.has(key) && ENUM_VALUE.test(s)) return `enum:${s}`;
  if (s === '') return 'string:empty';
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(s)) return 'string:date';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)) return 'string:uuid';
  if (/^\d+$/.test(s)) return 'string:digits';
  return 'string';
}

/** `{data: {status: 'enum:IN_PROGRESS', resultId: 'number'}, message: 'string'}`; arrays by their first item. */
export function shapeOf(value: unknown, key?: string, depth = 0): Shape {
  if (value === null) return 'null';
  if (typeof value === 'string') return stringKind(key, value);
  if (typeof value !== 'object') return typeof value;
  if (depth >= 6) return Array.isArray(value) ? 'array' : 'object';
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0], undefined, depth + 1)] : [];
  const out: Record<string, Shape> = {};
  for (const [k, v] of Object.entries(value)) out[k] = shapeOf(v, k, depth + 1);
  return out;
}

/** `['data.status:enum:IN_PROGRESS', 'data.resultId:number', 'message:string']`, for one log line. */
export function flattenShape(shape: Shape, prefix = '', limit = 40): string[] {
  const out: string[] = [];
  const walk = (s: Shape, path: string) => {
    if (out.length >= limit) return;
    if (typeof s === 'string') out.push(`${path || '(body)'}:${s}`);
    else if (Array.isArray(s)) {
      if (s.length === 0) out.push(`${path}:array:empty`);
      else walk(s[0]!, `${path}[]`);
    } else {
      const keys = Object.keys(s);
      if (keys.length === 0) out.push(`${path || '(body)'}:object:empty`);
      for (const k of keys) walk(s[k]!, path ? `${path}.${k}` : k);
    }
  };
  walk(shape, prefix);
  return out;
}

/** JSON text to its shape; text that is not JSON is described by its length class only. */
export function shapeOfText(text: string): Shape {
  if (text.length === 0) return 'empty';
  try {
    return shapeOf(JSON.parse(text));
  } catch {
    return 'not-json';
  }
}

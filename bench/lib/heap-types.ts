/**
 * Live heap by node type and name, from a V8 heap snapshot: two of these, subtracted, say which
 * objects an idle stream keeps alive. Slow and memory-hungry; use with a few thousand streams.
 * Property backing stores ("(object properties)") are listed under the object that owns them.
 */
import { readFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

export type HeapTypes = Record<string, { count: number; bytes: number }>;

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export function heapTypes(): HeapTypes {
  (globalThis as { gc?: () => void }).gc?.();
  const file = writeHeapSnapshot(join(tmpdir(), `bench-${process.pid}-${Date.now()}.heapsnapshot`));
  let s: Snapshot;
  try {
    s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  } finally {
    unlinkSync(file);
  }
  const width = s.snapshot.meta.node_fields.length;
  const edgeWidth = s.snapshot.meta.edge_fields.length;
  const types = s.snapshot.meta.node_types[0];
  const nameOf = (i: number) => `${types[s.nodes[i]!]}:${s.strings[s.nodes[i + 1]!]!.slice(0, 50)}`;
  // Owner of each property backing store: the node whose edge points at it.
  const owner = new Map<number, string>();
  let edge = 0;
  for (let i = 0; i < s.nodes.length; i += width) {
    const count = s.nodes[i + 4]!;
    for (let k = 0; k < count; k++, edge += edgeWidth) {
      const to = s.edges[edge + 2]!;
      if (s.strings[s.nodes[to + 1]!] === '(object properties)' && !owner.has(to)) owner.set(to, nameOf(i));
    }
  }
  const out: HeapTypes = {};
  for (let i = 0; i < s.nodes.length; i += width) {
    const base = nameOf(i);
    const key = owner.has(i) ? `${base} of ${owner.get(i)}` : base;
    const e = out[key] ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += s.nodes[i + 3]!;
    out[key] = e;
  }
  return out;
}

/** Per-stream growth by type between two snapshots, largest first. */
export function perStream(before: HeapTypes, after: HeapTypes, streams: number, top = 25) {
  return Object.entries(after)
    .map(([key, v]) => ({
      key,
      count: (v.count - (before[key]?.count ?? 0)) / streams,
      bytes: (v.bytes - (before[key]?.bytes ?? 0)) / streams,
    }))
    .filter((r) => r.bytes >= 8)
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
}

/** Files from a folder, by exact name only (no directory walking), with the right type. */
import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.json': 'application/json',
};

export async function serveFile(dir: string, name: string): Promise<Response | null> {
  if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) return null;
  const type = TYPES[extname(name)];
  if (!type) return null;
  const path = join(dir, name);
  try {
    if (!(await stat(path)).isFile()) return null;
    return new Response(await readFile(path), {
      headers: { 'content-type': type, 'cache-control': 'no-cache' },
    });
  } catch {
    return null;
  }
}

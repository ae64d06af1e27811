/** Creating sessions through the relay's server API, over one keep-alive pool. */
import { Pool } from 'undici';

export interface CreatedSession {
  id: string;
  clientToken: string;
}

export async function createIdentifications(
  url: string,
  apiKey: string,
  n: number,
  concurrency = 16,
): Promise<CreatedSession[]> {
  const pool = new Pool(url, { connections: 4 });
  const out: CreatedSession[] = new Array(n);
  let next = 0;
  const body = JSON.stringify({ method: 'web', reason: 'Benchmark identification' });
  async function worker() {
    while (next < n) {
      const i = next++;
      const res = await pool.request({
        path: '/v1/identifications',
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body,
      });
      const json = (await res.body.json()) as CreatedSession & { status?: number };
      if (res.statusCode !== 201) throw new Error(`create: HTTP ${res.statusCode} ${JSON.stringify(json)}`);
      out[i] = { id: json.id, clientToken: json.clientToken };
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  await pool.close();
  return out;
}

export const eventsPath = (s: CreatedSession) =>
  `/v1/client/sessions/${encodeURIComponent(s.id)}/events?token=${encodeURIComponent(s.clientToken)}`;

/** The soft limit on open files of this process (each stream is one descriptor at each end). */
export async function openFileLimit(): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile('/proc/self/limits', 'utf8').catch(() => '');
  const m = /Max open files\s+(\d+)/.exec(text);
  return m ? Number(m[1]) : 1024;
}

/**
 * Where the guide leaves open which id a path segment takes (2.5, 3.3), the relay tries the ids it
 * has in turn and moves on only on a 404: first the one a callback named (when it is one of the
 * session's own), then the reading learned before, then the rest in the order given. The one that
 * answered is remembered, so once learned every later download costs one call.
 */
import type { SigningApiError } from './errors.ts';
import type { ProviderReadings, ReadingName } from './readings.ts';

export interface IdCandidate {
  /** The reading's word for this id (`webSessionId`, `sessionId`, `signSessionId`). */
  reading: string;
  id: string | undefined;
}

export async function orderCandidates(
  readings: ProviderReadings,
  name: ReadingName,
  candidates: IdCandidate[],
  named?: string,
): Promise<{ reading: string; id: string }[]> {
  const seen = new Set<string>();
  const usable = candidates.filter((c): c is { reading: string; id: string } => {
    if (!c.id || seen.has(c.id)) return false;
    seen.add(c.id);
    return true;
  });
  const learned = await readings.get(name);
  const rank = (c: { reading: string; id: string }) =>
    named !== undefined && c.id === named ? 0 : c.reading === learned ? 1 : 2;
  // A stable sort keeps the given order among equals.
  return usable
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map((x) => x.c);
}

/** Calls `fn` with each candidate id until one is not a 404; learns the one that answered. */
export async function tryIds<T>(
  readings: ProviderReadings,
  name: ReadingName,
  candidates: IdCandidate[],
  fn: (id: string) => Promise<T>,
  named?: string,
): Promise<T> {
  const ordered = await orderCandidates(readings, name, candidates, named);
  let notFound: unknown = new Error(`no id to try for ${name}`);
  for (const c of ordered) {
    try {
      const value = await fn(c.id);
      await readings.learn(name, c.reading);
      return value;
    } catch (e) {
      if ((e as SigningApiError | undefined)?.name !== 'SigningApiError') throw e;
      if ((e as SigningApiError).code !== 'BORICA_NOT_FOUND') throw e;
      notFound = e;
    }
  }
  throw notFound;
}

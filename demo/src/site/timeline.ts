/**
 * A session's event log for the back office. The server API has no history endpoint, but the client
 * API's SSE stream replays every event after `Last-Event-ID`: the bank holds the client token, so it
 * reads the replay from 0 and stops once the replay has gone quiet (or the stream ends after a terminal event).
 */
export interface TimelineEvent {
  seq: number;
  status: string;
  provider?: Record<string, string>;
  at?: string;
}

export async function readTimeline(
  relayUrl: string,
  sessionId: string,
  clientToken: string,
  opts: { quietMs?: number; maxMs?: number } = {},
): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  const ac = new AbortController();
  const hardStop = setTimeout(() => ac.abort(), opts.maxMs ?? 3000);
  let quiet: NodeJS.Timeout | undefined;
  const armQuiet = () => {
    clearTimeout(quiet);
    quiet = setTimeout(() => ac.abort(), opts.quietMs ?? 400);
  };
  try {
    const res = await fetch(`${relayUrl}/v1/client/sessions/${encodeURIComponent(sessionId)}/events`, {
      headers: { authorization: `Bearer ${clientToken}`, accept: 'text/event-stream', 'last-event-id': '0' },
      signal: ac.signal,
    });
    if (!res.ok || !res.body) return events;
    armQuiet();
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = res.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trimStart())
          .join('\n');
        const id = /^id:\s*(\d+)/m.exec(block)?.[1];
        if (data) {
          try {
            const parsed = JSON.parse(data) as Omit<TimelineEvent, 'seq'>;
            const seq = Number(id ?? events.length + 1);
            if (!events.some((e) => e.seq === seq)) events.push({ ...parsed, seq });
          } catch {
            // not JSON: not one of ours, skip it
          }
        }
        end = buffer.indexOf('\n\n');
      }
      armQuiet();
    }
  } catch {
    // aborted by our own timers, or the relay went away: show what arrived
  } finally {
    clearTimeout(hardStop);
    clearTimeout(quiet);
    ac.abort();
  }
  return events.sort((a, b) => a.seq - b.seq);
}

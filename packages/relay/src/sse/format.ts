/** The bytes of the SSE wire format (contract: `id: <seq>`, `event: status`, JSON `data:`). */
import { SSE_EVENT, type StatusEvent } from '@borica-identify/protocol';
import type { SessionEvent } from '../store/types.ts';

export function statusEventData(event: SessionEvent): StatusEvent {
  return {
    id: event.sessionId,
    kind: event.kind,
    status: event.status,
    provider: event.provider,
    at: event.at,
  };
}

/** JSON never contains a raw newline, so one `data:` line is always enough. */
export function formatEvent(event: SessionEvent): string {
  return `id: ${event.seq}\nevent: ${SSE_EVENT}\ndata: ${JSON.stringify(statusEventData(event))}\n\n`;
}

export const HEARTBEAT = ': hb\n\n';

export function formatRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.round(ms))}\n\n`;
}

/** `Last-Event-ID` (header or `?lastEventId=`) as a seq, or undefined when absent or not a seq. */
export function parseLastEventId(value: string | null | undefined): number | undefined {
  if (value == null) return undefined;
  const trimmed = value.trim();
  if (!/^\d{1,15}$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

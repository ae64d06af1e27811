export { formatEvent, formatRetry, HEARTBEAT, parseLastEventId, statusEventData } from './format.ts';
export { createSseRegistry, type SseRegistry, type SseRegistryOptions } from './registry.ts';
export { SSE_HEADERS, type StreamSessionEventsOptions, streamSessionEvents } from './stream.ts';

export { formatEvent, formatRetry, HEARTBEAT, parseLastEventId, statusEventData } from './format.ts';
export { createStreamLimits, type StreamLimits, type StreamRefusal, type StreamSlot } from './limits.ts';
export { createSseRegistry, type SseRegistry, type SseRegistryOptions } from './registry.ts';
export { SSE_HEADERS, type StreamSessionEventsOptions, streamSessionEvents } from './stream.ts';

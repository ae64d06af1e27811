/** Timings in ms of following a session. Exported so that tests (and unusual deployments) can change them. */
export const timing = {
  /** First reconnect delay of a failing stream; doubles per failure up to `maxRetry` (±25 % jitter). */
  retry: 1000,
  maxRetry: 30000,
  /** Polling interval while the stream is down: steady, whether or not the last poll got through. */
  poll: 2000,
  /** The relay sends the current state at once: silence this long means a buffering proxy. */
  silence: 10000,
};

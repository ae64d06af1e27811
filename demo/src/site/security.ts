/**
 * Response headers proving the widget needs no loosening of a bank's security policy: no inline
 * script, no eval, styles from files, frames only from BORICA's page origin, camera and microphone
 * delegated to BORICA's page only.
 */
import type { MiddlewareHandler } from 'hono';

export function securityHeaders(opts: {
  relayUrl: () => string;
  simulatorUrl: () => string;
}): MiddlewareHandler {
  return async function securityHeaders(c, next) {
    await next();
    const relay = new URL(opts.relayUrl()).origin;
    const borica = new URL(opts.simulatorUrl()).origin;
    c.header(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        `connect-src 'self' ${relay}`,
        `frame-src 'self' ${borica}`,
        "frame-ancestors 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
      ].join('; '),
    );
    c.header(
      'Permissions-Policy',
      `camera=(self "${borica}"), microphone=(self "${borica}"), geolocation=()`,
    );
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Content-Type-Options', 'nosniff');
    // Pages carry client tokens: never cache them.
    if (c.res.headers.get('content-type')?.startsWith('text/html')) c.header('Cache-Control', 'no-store');
  };
}

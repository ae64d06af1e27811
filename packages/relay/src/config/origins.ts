/** Origins as RELAY_ALLOWED_ORIGINS lists them, and the check every CORS and returnUrl decision uses. */

/**
 * `scheme://host[:port]` normalised (lower-case, default port dropped), or `scheme://host:*` (any port,
 * for local development); null when not an origin.
 */
export function normaliseOrigin(value: string): string | null {
  const trimmed = value.trim();
  const anyPort = /^(https?:\/\/[^/?#:@]+):\*\/?$/i.exec(trimmed);
  if (anyPort) {
    const base = normaliseOrigin(anyPort[1]!);
    return base ? `${base}:*` : null;
  }
  if (!/^https?:\/\/[^/?#]+\/?$/i.test(trimmed)) return null;
  try {
    const u = new URL(trimmed);
    if (u.username || u.password) return null;
    return u.origin;
  } catch {
    return null;
  }
}

/**
 * Whether `origin` (an Origin header, or the origin of a returnUrl) is allowed. Entries are exact
 * origins or `scheme://host:*` patterns.
 */
export function isAllowedOrigin(origin: string | null | undefined, allowed: readonly string[]): boolean {
  if (!origin) return false;
  const normal = normaliseOrigin(origin);
  if (!normal || normal.endsWith(':*')) return false;
  for (const entry of allowed) {
    if (entry === normal) return true;
    if (entry.endsWith(':*')) {
      const base = entry.slice(0, -2);
      if (normal === base || (normal.startsWith(`${base}:`) && /^\d+$/.test(normal.slice(base.length + 1))))
        return true;
    }
  }
  return false;
}

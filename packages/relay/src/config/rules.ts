/** Rules between variables, and the TLS loader's messages said by variable. */
import type { RelayLimits } from './relay-config.ts';

const set = (v: string | undefined) => v !== undefined && v.trim() !== '';

/** Checked on the raw environment, so they are reported together with the per-variable problems. */
export function crossProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const pem = set(env.BORICA_CLIENT_CERT) || set(env.BORICA_CLIENT_KEY);
  const pfx = set(env.BORICA_CLIENT_PFX);
  if (pem && pfx) {
    problems.push(
      'BORICA_CLIENT_PFX: give either BORICA_CLIENT_PFX or BORICA_CLIENT_CERT + BORICA_CLIENT_KEY, not both',
    );
  } else if (!pem && !pfx) {
    problems.push(
      'BORICA_CLIENT_CERT: a client certificate is required (BORICA_CLIENT_CERT + BORICA_CLIENT_KEY, or BORICA_CLIENT_PFX)',
    );
  } else if (pem && !set(env.BORICA_CLIENT_KEY)) {
    problems.push('BORICA_CLIENT_KEY: is required with BORICA_CLIENT_CERT');
  } else if (pem && !set(env.BORICA_CLIENT_CERT)) {
    problems.push('BORICA_CLIENT_CERT: is required with BORICA_CLIENT_KEY');
  }
  if (set(env.BORICA_CLIENT_PFX_PASSPHRASE) && !pfx) {
    problems.push('BORICA_CLIENT_PFX_PASSPHRASE: is set but BORICA_CLIENT_PFX is not');
  }
  problems.push(...webhookProblems(env));
  return problems;
}

/** The pair that also applies under --simulator. */
export function webhookProblems(env: NodeJS.ProcessEnv): string[] {
  if (set(env.RELAY_WEBHOOK_URL) && !set(env.RELAY_WEBHOOK_SECRET)) {
    return ['RELAY_WEBHOOK_SECRET: is required with RELAY_WEBHOOK_URL (whsec_<base64> or >= 16 characters)'];
  }
  if (set(env.RELAY_WEBHOOK_SECRET) && !set(env.RELAY_WEBHOOK_URL)) {
    return ['RELAY_WEBHOOK_URL: is required with RELAY_WEBHOOK_SECRET'];
  }
  return [];
}

/** The provider module's messages name its option (`certFile …`, `pfx: …`); say the variable instead. */
const TLS_OPTION_TO_VARIABLE: [RegExp, string][] = [
  [/^(certFile|cert)\b:?\s*/, 'BORICA_CLIENT_CERT'],
  [/^(keyFile|key)\b:?\s*/, 'BORICA_CLIENT_KEY'],
  [/^(caFile|ca)\b:?\s*/, 'BORICA_CA_CERT'],
  [/^(pfxFile|pfx)\b:?\s*/, 'BORICA_CLIENT_PFX'],
  [/^(passphraseFile|passphrase)\b:?\s*/, 'BORICA_CLIENT_PFX_PASSPHRASE'],
];

export function tlsProblem(message: string): string {
  const text = message.replace(/^[a-zA-Z]+Error:\s*/, '');
  for (const [pattern, variable] of TLS_OPTION_TO_VARIABLE) {
    if (pattern.test(text)) return `${variable}: ${text.replace(pattern, '')}`;
  }
  return `BORICA_CLIENT_CERT: ${text}`;
}

/** Node ends a request at whichever of its two timeouts comes first; the body's must not be the shorter. */
export function limitProblems(limits: RelayLimits): string[] {
  return limits.requestTimeoutMs < limits.headersTimeoutMs
    ? ['RELAY_REQUEST_TIMEOUT_MS: must not be smaller than RELAY_HEADERS_TIMEOUT_MS']
    : [];
}

/**
 * The relay's configuration, from the environment (variables.ts defines each variable). Bad or
 * missing values come back as one line per problem naming the variable (`BORICA_CLIENT_CERT: file
 * /x.pem not found`) — the CLI prints them and exits; nothing here throws at an operator.
 */
import { z } from 'zod';
import { loadTlsCredentials, type TlsCredentials } from '../provider/index.ts';
import { optional, required } from './fields.ts';
import type { RelayConfig } from './relay-config.ts';
import { crossProblems, limitProblems, tlsProblem, webhookProblems } from './rules.ts';
import { type ConfigDraft, VARIABLES, type Variable } from './variables.ts';

export { HELP_TEXT, renderReadme } from './docs.ts';
export { isAllowedOrigin, normaliseOrigin } from './origins.ts';
export type { RelayConfig, RelayLimits } from './relay-config.ts';
export { VARIABLES, type Variable } from './variables.ts';

export type LoadConfigResult = { ok: true; config: RelayConfig } | { ok: false; problems: string[] };

type Env = NodeJS.ProcessEnv;

/** The fields only the operator can give: the BORICA connection, the secrets, the public URL. */
type Given = 'apiUrl' | 'identifyUrl' | 'relyingPartyId' | 'tls' | 'publicUrl' | 'apiKeys' | 'webhook';

/** Every variable's default, parsed like a set value. */
const DEFAULTS = new Map(
  VARIABLES.filter((v) => v.default !== undefined).map((v) => [v.name, v.schema.parse(v.default)]),
);

/** Everything except the BORICA connection and the secrets: what a relay has unless told otherwise. */
export const CONFIG_DEFAULTS: Readonly<Omit<RelayConfig, Given>> = fill(VARIABLES, {}, (v) =>
  DEFAULTS.get(v.name),
);

/** Runs each variable's `set` with its value (if any) on a fresh draft. */
function fill(vars: Variable[], parsed: Record<string, unknown>, fallback: (v: Variable) => unknown) {
  const draft = {} as ConfigDraft;
  for (const v of vars) {
    const value = parsed[v.name] ?? fallback(v);
    if (value !== undefined) v.set(draft, value);
  }
  return draft;
}

function parse(vars: Variable[], env: Env, rules: string[]) {
  const schema = z.object(
    Object.fromEntries(
      vars.map((v) => [v.name, v.required ? required(v.schema, v.required) : optional(v.schema)]),
    ),
  );
  const parsed = schema.safeParse(env);
  const problems = parsed.success
    ? rules
    : [...parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`), ...rules];
  return problems.length || !parsed.success
    ? ({ ok: false, problems: sortProblems(problems) } as const)
    : ({ ok: true, values: parsed.data as Record<string, unknown> } as const);
}

export function loadConfig(env: Env): LoadConfigResult {
  const parsed = parse(VARIABLES, env, crossProblems(env));
  if (!parsed.ok) return parsed;
  const { tlsFiles, ...config } = fill(VARIABLES, parsed.values, (v) => DEFAULTS.get(v.name));

  let tls: TlsCredentials;
  try {
    tls = loadTlsCredentials(tlsFiles);
  } catch (err) {
    return { ok: false, problems: [tlsProblem((err as Error).message)] };
  }
  if (config.poll.maxMs < config.poll.initialMs) {
    return { ok: false, problems: ['RELAY_POLL_MAX_MS: must not be smaller than RELAY_POLL_INITIAL_MS'] };
  }
  const limits = limitProblems(config.limits);
  if (limits.length) return { ok: false, problems: limits };
  return { ok: true, config: { ...config, tls } };
}

/**
 * For `--simulator`: the variables marked `simulator` that are set (the simulator supplies the BORICA
 * connection and an API key; its own defaults differ, e.g. open start on).
 */
export function loadOverrides(
  env: Env,
): { ok: true; overrides: Partial<RelayConfig> } | { ok: false; problems: string[] } {
  const vars = VARIABLES.filter((v) => v.simulator);
  const parsed = parse(vars, env, webhookProblems(env));
  if (!parsed.ok) return parsed;
  const overrides = fill(vars, parsed.values, () => undefined);
  if (overrides.limits) {
    // Partly set: the rest keep their defaults (startRelay merges them the same way).
    const problems = limitProblems({ ...CONFIG_DEFAULTS.limits, ...overrides.limits });
    if (problems.length) return { ok: false, problems };
  }
  return { ok: true, overrides };
}

const ORDER = new Map(VARIABLES.map((v, i) => [v.name, i]));

function sortProblems(problems: string[]): string[] {
  const rank = (p: string) => ORDER.get(p.slice(0, p.indexOf(':'))) ?? ORDER.size;
  return [...new Set(problems)].sort((a, b) => rank(a) - rank(b));
}

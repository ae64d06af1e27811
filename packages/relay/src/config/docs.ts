/** `--help` and the README's variable tables, both rendered from VARIABLES. */
import { GROUPS, VARIABLES, type Variable } from './variables.ts';

const TITLES: Record<(typeof GROUPS)[number], string> = {
  BORICA: 'BORICA connection',
  Relay: 'Relay',
  Tuning: 'Tuning',
  Limits: 'Limits',
};

/** Help lines stay readable in an 100-column terminal. */
const HELP_WIDTH = 100;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

function helpDefault(v: Variable): string {
  if (v.required) return '* ';
  const shown = v.defaultText ?? v.default;
  return shown ? `(default: ${shown}) ` : '';
}

function helpText(): string {
  const width = Math.max(...VARIABLES.map((v) => v.name.length)) + 2;
  const lines = [
    'borica-relay — the relying party server for <borica-identify> (BORICA B-Trust Signing API)',
    '',
    'Usage:',
    '  borica-relay                 start with configuration from the environment',
    '  borica-relay --simulator     start against an in-process BORICA simulator; no variables needed',
    '  borica-relay --help          this text',
    '',
    'Environment (required ones marked *):',
  ];
  for (const group of GROUPS) {
    lines.push('', `  ${TITLES[group]}`);
    for (const v of VARIABLES.filter((x) => x.group === group)) {
      const text = helpDefault(v) + v.doc.replaceAll('`', '');
      const [first, ...rest] = wrap(text, HELP_WIDTH - width - 2);
      lines.push(`  ${v.name.padEnd(width)}${first}`, ...rest.map((l) => ' '.repeat(width + 2) + l));
    }
  }
  lines.push(
    '',
    'Either BORICA_CLIENT_CERT + BORICA_CLIENT_KEY or BORICA_CLIENT_PFX is required.',
    'Endpoints: /v1/… (API), /healthz, /readyz, /metrics, /openapi.json.',
  );
  return `${lines.join('\n')}\n`;
}

export const HELP_TEXT = helpText();

function readmeDefault(v: Variable): string {
  if (v.required) return 'required';
  if (v.defaultText) return v.defaultText;
  return v.default ? `\`${v.default}\`` : '—';
}

/** A Markdown table with aligned columns, as Prettier would write it. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)];
}

function groupTable(group: (typeof GROUPS)[number]): string[] {
  const vars = VARIABLES.filter((v) => v.group === group);
  return table([
    ['variable', 'default', 'meaning'],
    ...vars.map((v) => [`\`${v.name}\``, readmeDefault(v), v.doc]),
  ]);
}

/**
 * The README with each table between `<!-- config:GROUP -->` and `<!-- /config -->` rendered anew
 * (`pnpm --filter @borica-identify/relay docs:config` writes it; a test fails when it differs).
 */
export function renderReadme(readme: string): string {
  const seen = new Set<string>();
  const out = readme.replace(
    /(<!-- config:(\w+) -->\n)[\s\S]*?(<!-- \/config -->)/g,
    (_, open: string, group: string, close: string) => {
      if (!(GROUPS as readonly string[]).includes(group))
        throw new Error(`README: unknown config group ${group}`);
      seen.add(group);
      return `${open}\n${groupTable(group as (typeof GROUPS)[number]).join('\n')}\n\n${close}`;
    },
  );
  const missing = GROUPS.filter((g) => !seen.has(g));
  if (missing.length) throw new Error(`README: no <!-- config:${missing[0]} --> table`);
  return out;
}

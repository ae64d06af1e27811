/** The README's variable tables and `--help` are rendered from the one definition in variables.ts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP_TEXT, renderReadme, VARIABLES } from '../../src/config/index.ts';

const README = join(import.meta.dirname, '../../README.md');

describe('README variable tables', () => {
  it('match the variable definitions', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme, 'run `pnpm --filter @borica-identify/relay docs:config` to rewrite them').toBe(
      renderReadme(readme),
    );
    for (const v of VARIABLES) expect(readme).toContain(`| \`${v.name}\` `);
  });

  it('a changed or missing row is noticed', () => {
    const readme = readFileSync(README, 'utf8');
    const edited = readme.replace('| listen port ', '| the port   ');
    expect(edited).not.toBe(readme);
    expect(renderReadme(edited)).toBe(readme);
    expect(() => renderReadme(readme.replace('<!-- config:Tuning -->', ''))).toThrow(/config:Tuning/);
  });
});

describe('--help', () => {
  it('shows every variable with its default or as required, without Markdown', () => {
    for (const v of VARIABLES) {
      const line = HELP_TEXT.split('\n').find((l) => l.startsWith(`  ${v.name} `));
      expect(line, v.name).toBeDefined();
      if (v.required) expect(line).toMatch(new RegExp(`^  ${v.name} +\\* `));
      else if (v.default) expect(line).toContain(`(default: ${v.defaultText ?? v.default})`);
    }
    expect(HELP_TEXT).not.toContain('`');
    expect(Math.max(...HELP_TEXT.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
  });
});

/** axe-core in the page (including the widget's open shadow roots): the violations, one line each. */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs every rule (WCAG 2.x A/AA and the best-practice ones: landmarks, `region`, heading order), or
 * only `rules`.
 * Evaluated over the DevTools protocol, so the pages' strict CSP needs no loosening for it.
 */
export async function axeViolations(page: Page, rules?: string[]): Promise<string[]> {
  const injected = await page.evaluate(() => 'axe' in window);
  if (!injected) await page.evaluate(AXE);
  const violations = await page.evaluate(async (only) => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: Violation[] }> } })
      .axe;
    const r = await axe.run({
      resultTypes: ['violations'],
      ...(only && { runOnly: { type: 'rule', values: only } }),
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  }, rules);
  return violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes
        .slice(0, 3)
        .map((n) => `${JSON.stringify(n.target)} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`)
        .join('; ')}`,
  );
}

/** The rules a colour scheme can change: the site's and the widget's dark CSS change colours only. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/** The page as it is now: every rule in light, the colour rules in dark. Violations prefixed by the scheme. */
export async function audit(page: Page): Promise<string[]> {
  const light = await axeViolations(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await axeViolations(page, COLOUR_RULES);
  await page.emulateMedia({ colorScheme: 'light' });
  return [...light.map((v) => `light: ${v}`), ...dark.map((v) => `dark: ${v}`)];
}

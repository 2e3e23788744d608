/**
 * WCAG 2.1 A and AA checks with axe-core in the page under test: `axe.min.js` is injected with
 * playwright's `addScriptTag` and run on our own markup only (the containers given). Violations
 * inside a @grafana/ui component that we cannot fix are listed, each by rule, element and reason,
 * in `GRAFANA_UI_EXCEPTIONS`; no rule is turned off.
 */
import type { Page } from 'playwright-core';

const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
  rule: string;
  impact: string | null;
  /** The element, as axe's CSS selector. */
  element: string;
  html: string;
  summary: string;
}

/** A violation we cannot fix in our markup: one rule on one @grafana/ui element, and why. */
export interface KnownException {
  rule: string;
  /** Matches the violating element's HTML. */
  element: RegExp;
  reason: string;
}

/** Every violation axe finds inside `include` (CSS selectors of our containers). */
export async function axeViolations(page: Page, include: string[]): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: AXE_SCRIPT });
  }
  return page.evaluate(
    async ({ selectors, tags }) => {
      type Result = {
        violations: Array<{
          id: string;
          impact: string | null;
          nodes: Array<{ target: string[]; html: string; failureSummary?: string }>;
        }>;
      };
      const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<Result> } }).axe;
      const result = await axe.run(
        { include: selectors.map((selector) => [selector]) },
        { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }
      );
      return result.violations.flatMap((violation) =>
        violation.nodes.map((node) => ({
          rule: violation.id,
          impact: violation.impact,
          element: node.target.join(' '),
          html: node.html.slice(0, 300),
          summary: node.failureSummary ?? '',
        }))
      );
    },
    { selectors: include, tags: WCAG_21_AA }
  );
}

/** The violations no listed exception explains. */
export function unexplained(violations: AxeViolation[], exceptions: readonly KnownException[]): AxeViolation[] {
  return violations.filter(
    (violation) =>
      !exceptions.some((exception) => exception.rule === violation.rule && exception.element.test(violation.html))
  );
}

/**
 * Levitate findings we reviewed and accept, with why. Levitate compares declaration texts: when
 * @grafana/data 13 started publishing the panel builder's parameter types differently (an
 * `interface` instead of a `type` alias, no `export` on a type only used in a signature), every
 * use of those methods is reported as "Changed" against Grafana 12, although the methods, their
 * parameters and their run-time behaviour are the same (the panel options builder API has not
 * changed since Grafana 7; the e2e test bed runs these panels). Only "Changed" findings of exactly
 * these APIs are accepted: a removed or missing export, or a change of any other API, still fails.
 */

export interface Incompatibility {
  kind: 'Changed' | 'Removed' | string;
  api: string;
}

const DECLARATION_ONLY =
  'same parameters; @grafana/data 13 publishes the parameter type as an interface / without export';

export const REVIEWED: Readonly<Record<string, string>> = {
  'PanelOptionsEditorBuilder.addNumberInput': DECLARATION_ONLY,
  'PanelOptionsEditorBuilder.addSelect': DECLARATION_ONLY,
  'PanelOptionsEditorBuilder.addMultiSelect': DECLARATION_ONLY,
  'PanelOptionsEditorBuilder.addRadio': DECLARATION_ONLY,
  'PanelOptionsEditorBuilder.addBooleanSwitch': DECLARATION_ONLY,
  'PanelOptionsEditorBuilder.addStringArray': DECLARATION_ONLY,
  'PanelOptionsEditorBuilder.addTextInput': DECLARATION_ONLY,
  'PanelPlugin.setPanelOptions': DECLARATION_ONLY,
  'PanelPlugin.useFieldConfig': DECLARATION_ONLY,
};

/** The numbered findings of levitate's report: "3) Changed `X.y` used in `file:line`". */
export function incompatibilities(report: string): Incompatibility[] {
  return [...report.matchAll(/^\s*\d+\) (\w+) `([^`]+)` used in /gm)].map((match) => ({
    kind: match[1],
    api: match[2],
  }));
}

export function isReviewed(item: Incompatibility): boolean {
  return item.kind === 'Changed' && Object.hasOwn(REVIEWED, item.api);
}

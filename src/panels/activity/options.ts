import type { PanelOptionsEditorBuilder } from '@grafana/data';
import { KNOWN_SEVERITIES } from './severity';
import { type ActivityOptions, DEFAULT_OPTIONS, MAX_ENTRIES_LIMIT } from './types';

export function addActivityOptions(builder: PanelOptionsEditorBuilder<ActivityOptions>) {
  return builder
    .addBooleanSwitch({
      path: 'showFilters',
      name: 'Filter bar',
      description: 'Search box, severity and type chips (with counts) above the feed.',
      defaultValue: DEFAULT_OPTIONS.showFilters,
    })
    .addNumberInput({
      path: 'maxEntries',
      name: 'Maximum entries',
      description: `The newest entries shown, at most ${MAX_ENTRIES_LIMIT}; older ones stay in the frame but leave the feed.`,
      defaultValue: DEFAULT_OPTIONS.maxEntries,
      settings: { min: 10, max: MAX_ENTRIES_LIMIT, integer: true },
    })
    .addMultiSelect<string, { options: Array<{ value: string; label: string }>; allowCustomValue: boolean }>({
      path: 'severities',
      name: 'Severities',
      description: 'Entries shown by severity; none selected shows all. The chips on the panel change this too.',
      // The builder types a multi-select's value as one option, but its editor stores an array.
      defaultValue: DEFAULT_OPTIONS.severities as unknown as string,
      settings: { options: KNOWN_SEVERITIES.map((value) => ({ value, label: value })), allowCustomValue: true },
    })
    .addStringArray({
      path: 'types',
      name: 'Types',
      description: 'Entry types shown (e.g. order_filled); empty shows all. The chips on the panel change this too.',
      defaultValue: DEFAULT_OPTIONS.types,
    });
}

/**
 * Grafana core fills two registries of `@grafana/data` from code that is not published on npm:
 * the option editors (`PanelOptionsEditorBuilder.addSelect` etc. look them up by id and throw when
 * one is missing) and the standard field config (unit, decimals, thresholds, ...: what
 * `applyFieldOverrides` processes for a panel that calls `useFieldConfig`). This fills both with
 * the same ids, processors and defaults. The host never shows an options pane, so the editors are
 * plain `@grafana/ui` inputs; the processors and defaults are the ones that shape what panels see.
 */
import React, { type ChangeEvent } from 'react';
import {
  type DataLink,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  type FieldConfigPropertyItem,
  FieldConfigProperty,
  FieldType,
  numberOverrideProcessor,
  type SelectableValue,
  type StandardEditorProps,
  type StandardEditorsRegistryItem,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  stringOverrideProcessor,
  type ThresholdsConfig,
  ThresholdsMode,
  thresholdsOverrideProcessor,
  booleanOverrideProcessor,
  identityOverrideProcessor,
  unitOverrideProcessor,
  type ValueMapping,
  valueMappingsOverrideProcessor,
} from '@grafana/data';
import { ColorPicker, Input, RadioButtonGroup, Select, Switch, TextArea, UnitPicker } from '@grafana/ui';

type Props<T> = StandardEditorProps<T, { options?: Array<SelectableValue<unknown>> }>;

const TextEditor = ({ value, onChange }: Props<string>) => (
  <Input
    value={value ?? ''}
    onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.currentTarget.value || undefined)}
  />
);

const NumberEditor = ({ value, onChange }: Props<number>) => (
  <Input
    type="number"
    value={value ?? ''}
    onChange={(event: ChangeEvent<HTMLInputElement>) => {
      const parsed = parseFloat(event.currentTarget.value);
      onChange(Number.isFinite(parsed) ? parsed : undefined);
    }}
  />
);

const BooleanEditor = ({ value, onChange }: Props<boolean>) => (
  <Switch
    value={Boolean(value)}
    onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.currentTarget.checked)}
  />
);

const SelectEditor = ({ value, onChange, item }: Props<unknown>) => (
  <Select
    value={value}
    options={item.settings?.options ?? []}
    onChange={(selected: SelectableValue<unknown>) => onChange(selected.value)}
  />
);

const MultiSelectEditor = ({ value, onChange, item }: Props<unknown[]>) => (
  <Select
    isMulti
    value={value}
    options={item.settings?.options ?? []}
    onChange={(selected: SelectableValue<unknown>) =>
      onChange(
        (Array.isArray(selected) ? selected : [selected]).map((option: SelectableValue<unknown>) => option.value)
      )
    }
  />
);

const RadioEditor = ({ value, onChange, item }: Props<unknown>) => (
  <RadioButtonGroup
    value={value}
    options={item.settings?.options ?? []}
    onChange={(selected: unknown) => onChange(selected)}
  />
);

const UnitEditor = ({ value, onChange }: Props<string>) => (
  <UnitPicker value={value} onChange={(unit?: string) => onChange(unit)} />
);

const ColorEditor = ({ value, onChange }: Props<string>) => (
  <ColorPicker color={value ?? 'transparent'} onChange={(color: string) => onChange(color)} />
);

const StringsEditor = ({ value, onChange }: Props<string[]>) => (
  <Input
    value={(value ?? []).join(', ')}
    onChange={(event: ChangeEvent<HTMLInputElement>) =>
      onChange(
        event.currentTarget.value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean)
      )
    }
  />
);

/** Structured values (thresholds, mappings, links, field colour) edited as JSON. */
const JsonEditor = ({ value, onChange }: Props<unknown>) => (
  <TextArea
    defaultValue={JSON.stringify(value ?? null, null, 2)}
    onBlur={(event: React.FocusEvent<HTMLTextAreaElement>) => {
      try {
        onChange(JSON.parse(event.currentTarget.value));
      } catch {
        // Invalid JSON: keep the last valid value, as Grafana's JSON editors do.
      }
    }}
  />
);

function editor<T>(id: string, name: string, component: React.ComponentType<Props<T>>): StandardEditorsRegistryItem {
  return { id, name, editor: component as unknown as StandardEditorsRegistryItem['editor'] };
}

export function optionEditors(): StandardEditorsRegistryItem[] {
  return [
    editor('text', 'Text', TextEditor),
    editor('number', 'Number', NumberEditor),
    editor('slider', 'Slider', NumberEditor),
    editor('boolean', 'Boolean', BooleanEditor),
    editor('select', 'Select', SelectEditor),
    editor('multi-select', 'Multi select', MultiSelectEditor),
    editor('radio', 'Radio', RadioEditor),
    editor('unit', 'Unit', UnitEditor),
    editor('color', 'Color', ColorEditor),
    editor('strings', 'String array', StringsEditor),
    editor('field-name', 'Field name', TextEditor),
    editor('dashboard-uid', 'Dashboard', TextEditor),
    editor('timezone', 'Time zone', TextEditor),
    editor('thresholds', 'Thresholds', JsonEditor),
    editor('mappings', 'Value mappings', JsonEditor),
    editor('links', 'Links', JsonEditor),
    editor('fieldColor', 'Field color', JsonEditor),
    editor('stats-picker', 'Stats picker', MultiSelectEditor),
  ];
}

const STANDARD = ['Standard options'];
const isNumber = (field: { type: FieldType }) => field.type === FieldType.number;
const always = () => true;

function fieldConfig(
  item: Pick<FieldConfigPropertyItem, 'id' | 'name' | 'process' | 'shouldApply'> & Partial<FieldConfigPropertyItem>,
  editorId: string
): FieldConfigPropertyItem {
  const { editor: component } = standardEditorsRegistry.get(editorId);
  return { path: item.id, category: STANDARD, editor: component, override: component, ...item };
}

export function standardFieldConfigs(): FieldConfigPropertyItem[] {
  const defaultThresholds: ThresholdsConfig = {
    mode: ThresholdsMode.Absolute,
    steps: [
      { value: -Infinity, color: 'green' },
      { value: 80, color: 'red' },
    ],
  };
  return [
    fieldConfig(
      { id: FieldConfigProperty.Unit, name: 'Unit', process: unitOverrideProcessor, shouldApply: always },
      'unit'
    ),
    fieldConfig(
      { id: FieldConfigProperty.Min, name: 'Min', process: numberOverrideProcessor, shouldApply: isNumber },
      'number'
    ),
    fieldConfig(
      { id: FieldConfigProperty.Max, name: 'Max', process: numberOverrideProcessor, shouldApply: isNumber },
      'number'
    ),
    fieldConfig(
      {
        id: FieldConfigProperty.FieldMinMax,
        name: 'Field min/max',
        process: booleanOverrideProcessor,
        shouldApply: isNumber,
      },
      'boolean'
    ),
    fieldConfig(
      {
        id: FieldConfigProperty.Decimals,
        name: 'Decimals',
        process: numberOverrideProcessor,
        shouldApply: isNumber,
        settings: { min: 0, max: 15, integer: true },
      },
      'number'
    ),
    fieldConfig(
      {
        id: FieldConfigProperty.DisplayName,
        name: 'Display name',
        process: displayNameOverrideProcessor,
        shouldApply: always,
      },
      'text'
    ),
    fieldConfig(
      { id: FieldConfigProperty.Color, name: 'Color scheme', process: identityOverrideProcessor, shouldApply: always },
      'fieldColor'
    ),
    fieldConfig(
      { id: FieldConfigProperty.NoValue, name: 'No value', process: stringOverrideProcessor, shouldApply: always },
      'text'
    ),
    fieldConfig(
      {
        id: FieldConfigProperty.Thresholds,
        name: 'Thresholds',
        category: ['Thresholds'],
        process: thresholdsOverrideProcessor,
        shouldApply: always,
        defaultValue: defaultThresholds,
      },
      'thresholds'
    ),
    fieldConfig(
      {
        id: FieldConfigProperty.Mappings,
        name: 'Value mappings',
        category: ['Value mappings'],
        process: valueMappingsOverrideProcessor,
        shouldApply: always,
        defaultValue: [] as ValueMapping[],
      },
      'mappings'
    ),
    fieldConfig(
      {
        id: FieldConfigProperty.Links,
        name: 'Data links',
        category: ['Data links'],
        process: dataLinksOverrideProcessor,
        shouldApply: always,
        defaultValue: [] as DataLink[],
      },
      'links'
    ),
  ];
}

/** Fills both registries once, before any plugin module is evaluated. */
export function fillRegistries(): void {
  standardEditorsRegistry.setInit(optionEditors);
  standardFieldConfigEditorRegistry.setInit(standardFieldConfigs);
}

/**
 * Grafana core fills two registries of `@grafana/data` at start-up from code not published on
 * npm: option editors (the options builder looks them up by id) and the standard field config
 * (what `applyFieldOverrides` processes). Panel tests fill them with the same ids, processors
 * and defaults; no editor UI is rendered in these tests, so the editors are empty components.
 */
import {
  booleanOverrideProcessor,
  displayNameOverrideProcessor,
  type FieldConfigPropertyItem,
  FieldConfigProperty,
  FieldType,
  identityOverrideProcessor,
  numberOverrideProcessor,
  type StandardEditorsRegistryItem,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  stringOverrideProcessor,
  ThresholdsMode,
  thresholdsOverrideProcessor,
  unitOverrideProcessor,
  valueMappingsOverrideProcessor,
} from '@grafana/data';

const NoEditor = () => null;
const EDITOR_IDS = [
  'text',
  'number',
  'slider',
  'boolean',
  'select',
  'multi-select',
  'radio',
  'unit',
  'color',
  'strings',
  'thresholds',
  'mappings',
  'fieldColor',
];

const isNumber = (field: { type: FieldType }) => field.type === FieldType.number;
const always = () => true;

function property(
  item: Pick<FieldConfigPropertyItem, 'id' | 'process' | 'shouldApply'> & Partial<FieldConfigPropertyItem>
): FieldConfigPropertyItem {
  return { name: item.id, path: item.id, editor: NoEditor, override: NoEditor, ...item };
}

let filled = false;

export function fillRegistries(): void {
  if (filled) {
    return;
  }
  filled = true;
  standardEditorsRegistry.setInit(() =>
    EDITOR_IDS.map((id): StandardEditorsRegistryItem => ({ id, name: id, editor: NoEditor }))
  );
  standardFieldConfigEditorRegistry.setInit(() => [
    property({ id: FieldConfigProperty.Unit, process: unitOverrideProcessor, shouldApply: always }),
    property({ id: FieldConfigProperty.Decimals, process: numberOverrideProcessor, shouldApply: isNumber }),
    property({ id: FieldConfigProperty.Min, process: numberOverrideProcessor, shouldApply: isNumber }),
    property({ id: FieldConfigProperty.Max, process: numberOverrideProcessor, shouldApply: isNumber }),
    property({ id: FieldConfigProperty.FieldMinMax, process: booleanOverrideProcessor, shouldApply: isNumber }),
    property({ id: FieldConfigProperty.DisplayName, process: displayNameOverrideProcessor, shouldApply: always }),
    property({ id: FieldConfigProperty.Color, process: identityOverrideProcessor, shouldApply: always }),
    property({ id: FieldConfigProperty.NoValue, process: stringOverrideProcessor, shouldApply: always }),
    property({
      id: FieldConfigProperty.Thresholds,
      process: thresholdsOverrideProcessor,
      shouldApply: always,
      defaultValue: {
        mode: ThresholdsMode.Absolute,
        steps: [
          { value: -Infinity, color: 'green' },
          { value: 80, color: 'red' },
        ],
      },
    }),
    property({
      id: FieldConfigProperty.Mappings,
      process: valueMappingsOverrideProcessor,
      shouldApply: always,
      defaultValue: [],
    }),
  ]);
}

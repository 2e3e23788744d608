import React from 'react';
import { Combobox, InlineField, type ComboboxOption } from '@grafana/ui';
import type { DataSourceApi, QueryEditorProps } from '@grafana/data';
import {
  VARIABLE_QUERY_KINDS,
  type MciOptions,
  type MciQuery,
  type MciVariableQuery,
  type VariableQueryKind,
} from '../types';
import { TEST_IDS } from '../testIds';

const DESCRIPTIONS: Record<VariableQueryKind, string> = {
  symbols: 'Symbols of the market watchlist (GET /api/telemetry/market)',
  channels: 'Channels of the MCI protocol',
  statuses: 'Order statuses',
};

const OPTIONS: Array<ComboboxOption<VariableQueryKind>> = VARIABLE_QUERY_KINDS.map((kind) => ({
  label: kind,
  value: kind,
  description: DESCRIPTIONS[kind],
}));

export function VariableQueryEditor({
  query,
  onChange,
}: QueryEditorProps<DataSourceApi<MciQuery, MciOptions>, MciQuery, MciOptions, MciVariableQuery>) {
  return (
    <InlineField label="Values" labelWidth={14} tooltip="What the variable lists">
      <Combobox
        data-testid={TEST_IDS.variableQuery}
        id="mci-variable-query"
        width={32}
        options={OPTIONS}
        value={query?.query ?? 'symbols'}
        onChange={(option) => onChange({ ...query, refId: query?.refId ?? 'variable', query: option.value })}
      />
    </InlineField>
  );
}

/**
 * The controls of the stored-history kinds (docs/datasource.md): service and metric type of
 * `metricAggregates`, profile of `trades`, profile, metric family and window of
 * `profileMetrics`, and each kind's field filter. Services and profiles are the server's lists;
 * when they cannot be read the editor says why and still accepts a typed service.
 */
import React, { useEffect, useState } from 'react';
import {
  Alert,
  Combobox,
  InlineField,
  InlineFieldRow,
  MultiCombobox,
  RadioButtonGroup,
  type ComboboxOption,
} from '@grafana/ui';
import {
  METRIC_TYPES,
  PROFILE_METRIC_KINDS,
  PROFILE_METRIC_NAMES,
  SERVICES,
  type ProfileInfo,
  type ProfileMetricKind,
} from '../../protocol';
import { AGGREGATE_FIELD_NAMES, TRADE_FIELD_NAMES } from '../stored/storedFieldNames';
import { TEST_IDS } from '../testIds';
import { STORED_QUERY_DEFAULTS, type MciQuery, type StoredQueryType } from '../types';
import type { Choices, StoredChoices } from './storedChoices';

export interface StoredQueryEditorProps {
  kind: StoredQueryType;
  /** A query of this kind (queryForKind), so its kind's fields are set. */
  query: MciQuery;
  choices?: StoredChoices;
  /** Writes the changes into the query and runs it. */
  update: (changes: Partial<MciQuery>) => void;
}

const LABEL_WIDTH = 14;

interface Loaded<T> {
  values?: T[];
  problem?: string;
}

/** Loads one list once per source; a failure becomes a what/why/how text. */
function useChoices<T>(load: (() => Promise<Choices<T>>) | undefined, what: string): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({});
  useEffect(() => {
    if (!load) {
      return;
    }
    let current = true;
    load().then(
      ({ values, skipped }) =>
        current &&
        setLoaded({
          values,
          ...(skipped > 0
            ? { problem: `${skipped} ${what} in the server's answer were not understood and are not offered.` }
            : {}),
        }),
      (error: unknown) =>
        current &&
        setLoaded({
          problem: `Cannot list the ${what}: ${error instanceof Error ? error.message : String(error)}. Check "REST URL" in the data source settings and that the server runs with a store; a typed value still works.`,
        })
    );
    return () => {
      current = false;
    };
  }, [load, what]);
  return load
    ? loaded
    : { problem: `Cannot list the ${what}: this data source cannot read them. Type a value instead.` };
}

const asOptions = (names: readonly string[], current: readonly string[] = []): ComboboxOption[] =>
  [...new Set([...names, ...current])].map((name) => ({ label: name, value: name }));

function profileOptions(profiles: readonly ProfileInfo[] | undefined, current: number): Array<ComboboxOption<number>> {
  const known = profiles ?? [{ profile_id: 0, name: 'account', description: 'The whole account' }];
  const options = known.map((p) => ({
    label: `${p.profile_id}: ${p.name}`,
    value: p.profile_id,
    description: p.description,
  }));
  return options.some((o) => o.value === current) ? options : [...options, { label: String(current), value: current }];
}

function fieldNames(kind: StoredQueryType, family: ProfileMetricKind): readonly string[] {
  switch (kind) {
    case 'metricAggregates':
      return AGGREGATE_FIELD_NAMES;
    case 'trades':
      return TRADE_FIELD_NAMES;
    case 'profileMetrics':
      return PROFILE_METRIC_NAMES[family];
  }
}

function ServiceFields({ query, choices, update }: Omit<StoredQueryEditorProps, 'kind'>) {
  const services = useChoices(choices?.services, 'services');
  const service = query.service ?? STORED_QUERY_DEFAULTS.service;
  const metricType = query.metricType ?? STORED_QUERY_DEFAULTS.metricType;
  return (
    <>
      <InlineFieldRow>
        <InlineField
          label="Service"
          labelWidth={LABEL_WIDTH}
          tooltip="A service with stored metrics (GET /metrics/services lists those seen in the last hour). Type another name or a template variable such as $service."
        >
          <Combobox
            data-testid={TEST_IDS.service}
            id="mci-query-service"
            width={24}
            createCustomValue
            placeholder={`${STORED_QUERY_DEFAULTS.service} or $service`}
            options={asOptions(services.values ?? SERVICES, [service])}
            value={service}
            onChange={(option) => update({ service: option.value })}
          />
        </InlineField>
        <InlineField
          label="Metric"
          labelWidth={LABEL_WIDTH}
          tooltip="The service metric whose stored percentiles the panel shows; a template variable also works."
        >
          <Combobox
            data-testid={TEST_IDS.metricType}
            id="mci-query-metric-type"
            width={20}
            createCustomValue
            options={asOptions(METRIC_TYPES, [metricType])}
            value={metricType}
            onChange={(option) => update({ metricType: option.value })}
          />
        </InlineField>
      </InlineFieldRow>
      {services.problem && <Alert severity="warning" title={services.problem} />}
    </>
  );
}

function ProfileFields({ kind, query, choices, update }: StoredQueryEditorProps) {
  const profiles = useChoices(choices?.profiles, 'profiles');
  const profileId = query.profileId ?? STORED_QUERY_DEFAULTS.profileId;
  return (
    <>
      <InlineFieldRow>
        <InlineField
          label="Profile"
          labelWidth={LABEL_WIDTH}
          tooltip="0 is the account as a whole, 1 and up each strategy (GET /api/v1/profiles)."
        >
          <Combobox
            data-testid={TEST_IDS.profile}
            id="mci-query-profile"
            width={24}
            options={profileOptions(profiles.values, profileId)}
            value={profileId}
            onChange={(option) => update({ profileId: option.value })}
          />
        </InlineField>
        {kind === 'profileMetrics' && (
          <>
            <InlineField label="Metrics" labelWidth={LABEL_WIDTH} tooltip="Which family of window metrics">
              <RadioButtonGroup
                data-testid={TEST_IDS.profileMetric}
                options={PROFILE_METRIC_KINDS.map((family) => ({ label: family, value: family }))}
                value={query.profileMetric ?? STORED_QUERY_DEFAULTS.profileMetric}
                onChange={(profileMetric) => update({ profileMetric })}
              />
            </InlineField>
            <InlineField label="Window" labelWidth={LABEL_WIDTH} tooltip="Hourly or daily windows">
              <RadioButtonGroup
                data-testid={TEST_IDS.windowType}
                options={[
                  { label: 'hour', value: 'hour' as const },
                  { label: 'day', value: 'day' as const },
                ]}
                value={query.windowType ?? STORED_QUERY_DEFAULTS.windowType}
                onChange={(windowType) => update({ windowType })}
              />
            </InlineField>
          </>
        )}
      </InlineFieldRow>
      {profiles.problem && <Alert severity="warning" title={profiles.problem} />}
    </>
  );
}

export function StoredQueryEditor(props: StoredQueryEditorProps) {
  const { kind, query, update } = props;
  const family = query.profileMetric ?? STORED_QUERY_DEFAULTS.profileMetric;
  return (
    <>
      {kind === 'metricAggregates' ? <ServiceFields {...props} /> : <ProfileFields {...props} />}
      <InlineFieldRow>
        <InlineField
          label="Fields"
          labelWidth={LABEL_WIDTH}
          tooltip="Keep only these columns (e.g. p50, p95, p99); the time column always stays. Empty means all."
        >
          <MultiCombobox
            data-testid={TEST_IDS.storedFields}
            id="mci-query-stored-fields"
            width={48}
            placeholder="All fields"
            createCustomValue={kind === 'profileMetrics'}
            options={asOptions(fieldNames(kind, family), query.fields)}
            value={query.fields ?? []}
            onChange={(options) => {
              const fields = options.map((option) => option.value);
              update({ fields: fields.length > 0 ? fields : undefined });
            }}
          />
        </InlineField>
      </InlineFieldRow>
    </>
  );
}

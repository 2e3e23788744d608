/**
 * Query editor: first the query kind, the live stream of a channel or one of the stored-history
 * kinds (their controls live in editor/StoredQueryEditor). A live query has its channel, symbol
 * filter (template variables allowed), fields, buffer size, the market's symbol-eviction window
 * and, for a strategy annotation, the kinds of strategy events it marks.
 */
import React, { useState } from 'react';
import {
  Combobox,
  InlineField,
  InlineFieldRow,
  Input,
  MultiCombobox,
  RadioButtonGroup,
  TagsInput,
  type ComboboxOption,
} from '@grafana/ui';
import type { QueryEditorProps } from '@grafana/data';
import { CHANNELS, isStateChannel, STRATEGY_EVENT_KINDS, type Channel } from '../protocol';
import { DEFAULT_ANNOTATION_KINDS } from './annotations/annotationFrame';
import type { DataSource } from './DataSource';
import { formatEvictWindow, parseEvictWindow } from './editor/evictWindow';
import { kindOf, QUERY_KIND_LABELS, QUERY_KINDS, queryForKind, type QueryKind } from './editor/queryKind';
import { StoredQueryEditor } from './editor/StoredQueryEditor';
import { CHANNEL_FIELD_NAMES, FRAME_DEFAULTS } from './frames';
import { TEST_IDS } from './testIds';
import { DATASOURCE_DEFAULTS, DEFAULT_QUERY, type MciOptions, type MciQuery } from './types';

type Props = QueryEditorProps<DataSource, MciQuery, MciOptions>;

const CHANNEL_OPTIONS: Array<ComboboxOption<Channel>> = CHANNELS.map((channel) => ({
  label: channel,
  value: channel,
  description: isStateChannel(channel) ? 'state: latest value / time series' : 'events: buffered rows',
}));

const KIND_OPTIONS = QUERY_KINDS.map((kind) => ({
  label: QUERY_KIND_LABELS[kind].label,
  value: kind,
  description: QUERY_KIND_LABELS[kind].description,
}));

/** Channels whose rows the buffer size bounds (the time series follow maxDataPoints). */
const BUFFERED: ReadonlySet<Channel> = new Set(['orders', 'activity', 'alerts', 'strategy']);

/** Parses the buffer size input: undefined for empty (the default), an error text when invalid. */
export function parseBufferSize(text: string): { value?: number; error?: string } {
  if (text.trim() === '') {
    return {};
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1 || value > FRAME_DEFAULTS.maxBufferSize) {
    return {
      error: `Enter a whole number from 1 to ${FRAME_DEFAULTS.maxBufferSize}: the buffer bounds the rows kept in memory.`,
    };
  }
  return { value };
}

export function QueryEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const kind = kindOf(query);
  const switchKind = (next: QueryKind) => {
    onChange(queryForKind(query, next));
    onRunQuery();
  };
  return (
    <>
      {/* An annotation query is always a live channel's history: the kind is not offered there. */}
      {query.queryType !== 'annotations' && (
        <InlineFieldRow>
          <InlineField label="Query" labelWidth={14} tooltip="A live channel, or history read from the server's store">
            <RadioButtonGroup
              data-testid={TEST_IDS.queryKind}
              options={KIND_OPTIONS}
              value={kind}
              onChange={switchKind}
            />
          </InlineField>
        </InlineFieldRow>
      )}
      {kind === 'live' ? (
        <LiveQueryFields query={query} onChange={onChange} onRunQuery={onRunQuery} />
      ) : (
        <StoredQueryEditor
          kind={kind}
          query={queryForKind(query, kind)}
          choices={datasource?.storedChoices}
          update={(changes) => {
            onChange({ ...queryForKind(query, kind), ...changes });
            onRunQuery();
          }}
        />
      )}
    </>
  );
}

/** The controls of a live query; mounted afresh when the kind becomes live, so its inputs start from the query. */
function LiveQueryFields({ query, onChange, onRunQuery }: Pick<Props, 'query' | 'onChange' | 'onRunQuery'>) {
  const channel = query.channel ?? DEFAULT_QUERY.channel!;
  const [bufferText, setBufferText] = useState(query.bufferSize === undefined ? '' : String(query.bufferSize));
  const bufferState = parseBufferSize(bufferText);
  const [evictText, setEvictText] = useState(
    query.symbolEvictMs === undefined ? '' : formatEvictWindow(query.symbolEvictMs)
  );
  const evictState = parseEvictWindow(evictText);

  const update = (changes: Partial<MciQuery>) => {
    onChange({ ...query, channel, ...changes });
    onRunQuery();
  };

  return (
    <>
      <InlineFieldRow>
        <InlineField label="Channel" labelWidth={14} tooltip="The MCI channel this query streams">
          <Combobox
            data-testid={TEST_IDS.channel}
            id="mci-query-channel"
            width={24}
            options={CHANNEL_OPTIONS}
            value={channel}
            onChange={(option) => update({ channel: option.value, fields: undefined })}
          />
        </InlineField>
        <InlineField
          label="Symbols"
          labelWidth={14}
          tooltip="Keep only these symbols (positions, orders, market, strategy). Template variables such as $symbol work; empty means all."
        >
          <div data-testid={TEST_IDS.symbols}>
            <TagsInput
              placeholder="All symbols (or $symbol)"
              tags={query.symbols ?? []}
              onChange={(symbols) => update({ symbols: symbols.length > 0 ? symbols : undefined })}
            />
          </div>
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField
          label="Fields"
          labelWidth={14}
          tooltip="Keep only these fields; time fields always stay. Empty means all."
        >
          <MultiCombobox
            data-testid={TEST_IDS.fields}
            id="mci-query-fields"
            width={48}
            placeholder="All fields"
            options={CHANNEL_FIELD_NAMES[channel].map((name) => ({ label: name, value: name }))}
            value={query.fields ?? []}
            onChange={(options) => {
              const fields = options.map((option) => option.value);
              update({ fields: fields.length > 0 ? fields : undefined });
            }}
          />
        </InlineField>
        {channel === 'strategy' && query.queryType === 'annotations' && (
          <InlineField
            label="Kinds"
            labelWidth={14}
            tooltip={`Strategy events marked on the time axis (default ${DEFAULT_ANNOTATION_KINDS.join(', ')}); the symbols above narrow them.`}
          >
            <MultiCombobox
              data-testid={TEST_IDS.strategyKinds}
              id="mci-query-strategy-kinds"
              width={48}
              placeholder={DEFAULT_ANNOTATION_KINDS.join(', ')}
              options={STRATEGY_EVENT_KINDS.map((kind) => ({ label: kind, value: kind }))}
              value={query.strategyKinds ?? []}
              onChange={(options) => {
                const kinds = options.map((option) => option.value);
                update({ strategyKinds: kinds.length > 0 ? kinds : undefined });
              }}
            />
          </InlineField>
        )}
        {BUFFERED.has(channel) && (
          <InlineField
            label="Buffer size"
            labelWidth={14}
            tooltip={`Rows kept in memory for this query (default ${DATASOURCE_DEFAULTS.bufferSize}).`}
            invalid={bufferState.error !== undefined}
            error={bufferState.error}
          >
            <Input
              data-testid={TEST_IDS.bufferSize}
              width={16}
              type="number"
              placeholder={String(DATASOURCE_DEFAULTS.bufferSize)}
              value={bufferText}
              onChange={(event) => setBufferText(event.currentTarget.value)}
              onBlur={() => {
                if (bufferState.error === undefined && bufferState.value !== query.bufferSize) {
                  update({ bufferSize: bufferState.value });
                }
              }}
            />
          </InlineField>
        )}
        {channel === 'market' && (
          <InlineField
            label="Forget after"
            labelWidth={14}
            tooltip={`A symbol without a quote for this long leaves the market frames (default ${formatEvictWindow(DATASOURCE_DEFAULTS.symbolEvictMs)}).`}
            invalid={evictState.error !== undefined}
            error={evictState.error}
          >
            <Input
              data-testid={TEST_IDS.symbolEvict}
              width={16}
              placeholder={formatEvictWindow(DATASOURCE_DEFAULTS.symbolEvictMs)}
              value={evictText}
              onChange={(event) => setEvictText(event.currentTarget.value)}
              onBlur={() => {
                if (evictState.error === undefined && evictState.value !== query.symbolEvictMs) {
                  update({ symbolEvictMs: evictState.value });
                }
              }}
            />
          </InlineField>
        )}
      </InlineFieldRow>
    </>
  );
}

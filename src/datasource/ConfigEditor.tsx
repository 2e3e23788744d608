/**
 * Config editor: WebSocket URL, REST URL (Grafana's proxy routes forward to it), auth none or API
 * key, and an optional control key. Both keys go to secureJsonData: Grafana stores them encrypted
 * and only its proxy injects them (the API key on the telemetry routes, the control key on the one
 * Editor-only control route); the browser sees only that they are set. docs/security.md.
 */
import React from 'react';
import { InlineField, Input, RadioButtonGroup, SecretInput } from '@grafana/ui';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { TEST_IDS } from './testIds';
import { DATASOURCE_DEFAULTS, type AuthMode, type MciOptions, type MciSecureJsonData } from './types';
import { MAX_BATCH_MS } from '../protocol';

type Props = DataSourcePluginOptionsEditorProps<MciOptions, MciSecureJsonData>;

const AUTH_OPTIONS: Array<{ label: string; value: AuthMode; description: string }> = [
  { label: 'None', value: 'none', description: 'The server runs without authentication (--no-auth)' },
  {
    label: 'API key',
    value: 'apiKey',
    description: 'Grafana keeps the key and fetches one-time WebSocket tickets with it',
  },
];

const LABEL_WIDTH = 20;

export function ConfigEditor(props: Props) {
  const { options, onOptionsChange } = props;
  const jsonData = options.jsonData ?? {};
  const authMode: AuthMode = jsonData.authMode ?? 'none';

  const setJsonData = (changes: Partial<MciOptions>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...changes } });

  return (
    <>
      <InlineField
        label="WebSocket URL"
        labelWidth={LABEL_WIDTH}
        tooltip="The MCI telemetry socket the browser opens, e.g. ws://mci-sim:8080/telemetry"
        required
      >
        <Input
          data-testid={TEST_IDS.wsUrl}
          width={48}
          placeholder="ws://mci-sim:8080/telemetry"
          value={jsonData.wsUrl ?? ''}
          onChange={(event) => setJsonData({ wsUrl: event.currentTarget.value })}
        />
      </InlineField>
      <InlineField
        label="More WebSocket URLs"
        labelWidth={LABEL_WIDTH}
        tooltip="Optional, comma-separated: further gateways of the same service. The client starts at a random one and moves to the next when a connection fails."
      >
        <Input
          data-testid={TEST_IDS.wsUrls}
          width={48}
          placeholder="ws://mci-gw-2:8080/telemetry, ws://mci-gw-3:8080/telemetry"
          value={(jsonData.wsUrls ?? []).join(', ')}
          onChange={(event) =>
            setJsonData({
              // Empty entries are kept while typing (after a comma) and ignored when connecting.
              wsUrls: event.currentTarget.value.split(',').map((url) => url.trim()),
            })
          }
        />
      </InlineField>
      <InlineField
        label="REST URL"
        labelWidth={LABEL_WIDTH}
        tooltip="The server's HTTP address; Grafana's proxy forwards snapshots, history and tickets to it"
        required
      >
        <Input
          data-testid={TEST_IDS.restUrl}
          width={48}
          placeholder="http://mci-sim:8080"
          value={jsonData.restUrl ?? ''}
          onChange={(event) => {
            const restUrl = event.currentTarget.value;
            // The instance URL is what the proxy serves; keep it equal to the REST URL (proxy access).
            onOptionsChange({ ...options, url: restUrl, jsonData: { ...jsonData, restUrl } });
          }}
        />
      </InlineField>
      <InlineField label="Authentication" labelWidth={LABEL_WIDTH}>
        <div data-testid={TEST_IDS.authMode}>
          <RadioButtonGroup
            options={AUTH_OPTIONS}
            value={authMode}
            onChange={(value) => setJsonData({ authMode: value })}
          />
        </div>
      </InlineField>
      {authMode === 'apiKey' && (
        <>
          <InlineField
            label="API key"
            labelWidth={LABEL_WIDTH}
            tooltip="The telemetry key the server was started with (mci-sim serve --api-key); stored encrypted by Grafana"
          >
            <SecretField testId={TEST_IDS.apiKey} field="apiKey" placeholder="API key" {...props} />
          </InlineField>
          <InlineField
            label="Control key"
            labelWidth={LABEL_WIDTH}
            tooltip="Optional: the server's control key (mci-sim serve --control-key), sent only when an Editor starts a drill; never the API key. Leave empty to keep the data source away from the control API."
          >
            <SecretField field="controlKey" placeholder="Control key (optional)" {...props} />
          </InlineField>
        </>
      )}
      <InlineField
        label="Repaint interval (ms)"
        labelWidth={LABEL_WIDTH}
        tooltip={`Minimum time between two repaints of a query (default ${DATASOURCE_DEFAULTS.throttleMs} ms = 10 per second)`}
      >
        <MillisecondsInput
          testId={TEST_IDS.throttleMs}
          fallback={DATASOURCE_DEFAULTS.throttleMs}
          value={jsonData.throttleMs}
          onChange={(throttleMs) => setJsonData({ throttleMs })}
        />
      </InlineField>
      <InlineField
        label="Batch window (ms)"
        labelWidth={LABEL_WIDTH}
        tooltip={`Ask the server to group events into one frame per window (protocol extension; a server without it ignores the request). 0 turns it off. Default ${DATASOURCE_DEFAULTS.batchMs} ms, well under the repaint interval.`}
      >
        <MillisecondsInput
          testId={TEST_IDS.batchMs}
          fallback={DATASOURCE_DEFAULTS.batchMs}
          max={MAX_BATCH_MS}
          value={jsonData.batchMs}
          onChange={(batchMs) => setJsonData({ batchMs })}
        />
      </InlineField>
    </>
  );
}

/** A secret kept in secureJsonData: shown only as configured, replaced or reset, never read back. */
function SecretField({
  options,
  onOptionsChange,
  field,
  placeholder,
  testId,
}: Props & { field: keyof MciSecureJsonData; placeholder: string; testId?: string }) {
  return (
    <SecretInput
      data-testid={testId}
      width={48}
      placeholder={placeholder}
      isConfigured={Boolean(options.secureJsonFields?.[field])}
      value={options.secureJsonData?.[field] ?? ''}
      onChange={(event) =>
        onOptionsChange({
          ...options,
          secureJsonData: { ...options.secureJsonData, [field]: event.currentTarget.value },
        })
      }
      onReset={() =>
        onOptionsChange({
          ...options,
          secureJsonFields: { ...options.secureJsonFields, [field]: false },
          secureJsonData: { ...options.secureJsonData, [field]: '' },
        })
      }
    />
  );
}

/** A whole number of milliseconds, or empty for the default; invalid input stores the default. */
function MillisecondsInput(props: {
  testId: string;
  fallback: number;
  max?: number;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
}) {
  return (
    <Input
      data-testid={props.testId}
      width={16}
      type="number"
      min={0}
      max={props.max}
      placeholder={String(props.fallback)}
      value={props.value ?? ''}
      onChange={(event) => {
        const text = event.currentTarget.value;
        const value = Number(text);
        const valid =
          text !== '' && Number.isFinite(value) && value >= 0 && (props.max === undefined || value <= props.max);
        props.onChange(valid ? Math.round(value) : undefined);
      }}
    />
  );
}

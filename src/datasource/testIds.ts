/** data-testid values of the data source's editors, shared by components and tests. */
export const TEST_IDS = {
  channel: 'mci-query-channel',
  symbols: 'mci-query-symbols',
  fields: 'mci-query-fields',
  bufferSize: 'mci-query-buffer-size',
  strategyKinds: 'mci-query-strategy-kinds',
  wsUrl: 'mci-config-ws-url',
  wsUrls: 'mci-config-ws-urls',
  restUrl: 'mci-config-rest-url',
  authMode: 'mci-config-auth-mode',
  apiKey: 'mci-config-api-key',
  throttleMs: 'mci-config-throttle-ms',
  batchMs: 'mci-config-batch-ms',
  variableQuery: 'mci-variable-query',
} as const;

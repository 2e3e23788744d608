/** What provisioning/ and the app's dashboards give the real Grafana (one home for the names). */
export const PROVISIONED_DATASOURCE = { fileName: 'mci.yaml', name: 'MCI Telemetry' };
export const DASHBOARD_UID = 'mci-telemetry';
export const DATASOURCE_TYPE = 'mci-telemetry-datasource';

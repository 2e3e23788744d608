/**
 * The data source's config page in a real Grafana: the provisioned instance (API key injected by
 * Grafana's proxy route) passes "Save & test"; the editor renders for a new instance.
 */
import { expect, test } from '@grafana/plugin-e2e';
import { DATASOURCE_TYPE, PROVISIONED_DATASOURCE } from './provisioned';

test('the provisioned MCI data source passes Save & test', async ({
  readProvisionedDataSource,
  gotoDataSourceConfigPage,
}) => {
  const datasource = await readProvisionedDataSource(PROVISIONED_DATASOURCE);
  const configPage = await gotoDataSourceConfigPage(datasource.uid);
  await configPage.getByGrafanaSelector(configPage.ctx.selectors.pages.DataSource.saveAndTest).click();
  await expect(configPage).toHaveAlert('success', { timeout: 30_000 });
});

test('the config editor renders for a new MCI data source', async ({ createDataSourceConfigPage, page }) => {
  await createDataSourceConfigPage({ type: DATASOURCE_TYPE });
  await expect(page.getByText(/WebSocket URL/i).first()).toBeVisible();
});

/**
 * The data source's query editor in a real Grafana panel editor: it renders for the provisioned
 * instance, and the default positions query fills a table with the positions frame's fields.
 */
import { expect, test } from '@grafana/plugin-e2e';
import { PROVISIONED_DATASOURCE } from './provisioned';

test('the MCI query editor renders in a new panel and its query fills a table', async ({
  panelEditPage,
  readProvisionedDataSource,
}) => {
  const datasource = await readProvisionedDataSource(PROVISIONED_DATASOURCE);
  await panelEditPage.datasource.set(datasource.name);
  await expect(panelEditPage.getQueryEditorRow('A')).toContainText(/channel/i);
  await panelEditPage.setVisualization('Table');
  await expect(panelEditPage.panel.fieldNames).toContainText(['symbol'], { timeout: 30_000 });
});

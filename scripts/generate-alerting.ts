/**
 * Write the Grafana alert rules, the Prometheus rules file and its promtool tests from one rule
 * list (scripts/alerting/). Run with `npm run generate:alerting`.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { renderAlertingFiles } from './alerting/renderAlertingFiles';

const root = join(__dirname, '..');
for (const [path, text] of Object.entries(renderAlertingFiles())) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path}`);
}

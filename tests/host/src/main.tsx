/**
 * Entry of the host page. `@grafana/runtime` reads `window.grafanaBootData` while its module is
 * evaluated, so the boot data is set here first and everything else is imported afterwards.
 */
import { bootData, themeFromUrl } from './bootData';

Object.assign(window, {
  grafanaBootData: bootData(themeFromUrl(window.location.search)),
  // Icons and fonts are fetched from here, as in Grafana (`public/` of the server).
  __grafana_public_path__: '/public/',
});

import('./startHost').then(
  ({ startHost }) => startHost(),
  (error: unknown) => {
    document.body.textContent = `The host page failed to load: ${String(error)}`;
  }
);

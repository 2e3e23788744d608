import { locationService } from '@grafana/runtime';
import type { PanelLocation } from './drillDownLinks';

/**
 * The dashboard the panel sits on, read from Grafana's location service at render time: a link
 * built from it keeps the dashboard and its other URL parameters.
 */
export function usePanelLocation(): PanelLocation {
  return { path: locationService.getLocation().pathname, query: locationService.getSearchObject() };
}

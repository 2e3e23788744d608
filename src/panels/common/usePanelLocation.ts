import { useMemo } from 'react';
import { locationSearchToObject, locationService } from '@grafana/runtime';
import type { PanelLocation } from './drillDownLinks';

/**
 * The dashboard the panel sits on, read from Grafana's location service at render time: a link
 * built from it keeps the dashboard and its other URL parameters. The same object while the
 * path and query stay the same, so links built from it can be kept between frames.
 */
export function usePanelLocation(): PanelLocation {
  const { pathname, search } = locationService.getLocation();
  return useMemo(() => ({ path: pathname, query: locationSearchToObject(search) }), [pathname, search]);
}

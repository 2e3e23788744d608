/** The MCI protocol client: browser and Node, protocol + rxjs + an injected WebSocket only. */
export { createMciClient } from './createMciClient';
export { CLIENT_DEFAULTS } from './clientDefaults';
export { SNAPSHOT_PART } from './snapshotParts';
export type * from './types';

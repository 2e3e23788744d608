/** The MCI protocol client: browser and Node, protocol + rxjs + an injected WebSocket only. */
export { createMciClient } from './createMciClient';
export { CLIENT_DEFAULTS } from './clientDefaults';
export { CLIENT_ERROR_CODES, isServerError } from './clientErrors';
export { SNAPSHOT_PART } from './snapshotParts';
export type * from './types';

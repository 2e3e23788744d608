/** The MCI wire protocol: pure TypeScript, shared by the data source and the simulator. */
export * from './channels';
export * from './errors';
export * from './schemas';
export * from './messages';
export * from './validate';
export * from './encode';
export * from './rest';
export * from './strategyBus';
export * from './storageApi';

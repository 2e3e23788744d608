/** The simulator engine: a deterministic model with no I/O. Contract: `types.ts`; map: `README.md`. */
export * from './types';
export { createEngine } from './createEngine';
export { parseDuration, formatDuration } from './duration';
export {
  parseScenarioRun,
  parseScenarioScript,
  formatScenarioRun,
  SCENARIO_NAMES,
  isScenarioName,
} from './scenarioSpec';
export { SCENARIOS, type ScenarioDefinition } from './scenarios';
export { DEFAULT_THRESHOLDS } from './thresholds';
export { NSE_SYMBOLS } from './symbols';
export { ENGINE_DEFAULTS } from './defaults';
export { TRADING_PROFILES, ACCOUNT_PROFILE_ID, profileIdOf, type TradingProfile } from './tradingProfiles';
export type { ClosedTrade } from './portfolio';

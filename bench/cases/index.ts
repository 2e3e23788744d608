/**
 * Every benchmark `bench/run.ts` knows, in the order it runs them. Adding one is one line here
 * (see docs/load.md, "Adding a benchmark"); `--only NAME` picks by the case's name.
 */
import type { RegisteredCase } from '../lib/benchCase';
import { engineCase } from './engine';
import { fanoutCase } from './fanout';
import { ingestCase } from './ingest';
import { latencyCase } from './latency';
import { loadToolCase } from './loadTool';
import { memoryCase } from './memory';
import { metricsQueryCase } from './metricsQuery';
import { overloadCase } from './overload';
import { panelsCase } from './panels';
import { reconnectCase } from './reconnect';
import { renderCase } from './render';
import { storeCase } from './store';
import { symbolMemoryCase } from './symbolMemory';

export const CASES: RegisteredCase[] = [
  fanoutCase,
  latencyCase,
  overloadCase,
  ingestCase,
  memoryCase,
  symbolMemoryCase,
  reconnectCase,
  loadToolCase,
  engineCase,
  panelsCase,
  renderCase,
  storeCase,
  metricsQueryCase,
];

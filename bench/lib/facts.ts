/** Machine facts recorded with every bench result, and a temp directory helper. */
import { mkdtempSync as mkdtemp } from 'fs';
import * as os from 'os';
import { join } from 'path';

export const cpus = () => {
  const list = os.cpus();
  return { count: list.length, model: list[0]?.model ?? 'unknown', availableParallelism: os.availableParallelism() };
};
export const totalmem = () => Math.round((os.totalmem() / 1024 ** 3) * 10) / 10;
export const loadavg = () => os.loadavg().map((value) => Math.round(value * 100) / 100);
export const mkdtempSync = (prefix: string) => mkdtemp(join(os.tmpdir(), prefix));

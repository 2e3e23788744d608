/** Machine facts recorded with every bench result, the bench's own CPU, and a temp directory helper. */
import { mkdtempSync as mkdtemp } from 'fs';
import * as os from 'os';
import { join } from 'path';
import { statFields } from './procs';

export const cpus = () => {
  const list = os.cpus();
  return { count: list.length, model: list[0]?.model ?? 'unknown', availableParallelism: os.availableParallelism() };
};
export const totalmem = () => Math.round((os.totalmem() / 1024 ** 3) * 10) / 10;
export const loadavg = () => os.loadavg().map((value) => Math.round(value * 100) / 100);
export const mkdtempSync = (prefix: string) => mkdtemp(join(os.tmpdir(), prefix));

/**
 * CPU seconds of this process and every child it has waited for (servers, receivers, tools that
 * ended), from /proc/self/stat; this process alone where there is no /proc. Less dependent on other
 * work on the machine than wall time: on an idle machine a case takes about this long plus its
 * sleeps, divided by the cores it keeps busy at once.
 */
export function cpuSecondsWithChildren(): number {
  try {
    const fields = statFields('/proc/self/stat');
    // utime, stime, cutime, cstime (clock ticks, 1/100 s).
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1e6;
  }
}

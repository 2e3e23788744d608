/**
 * The two servers every comparison runs against each other: `mci-sim serve --replay` and the raw
 * `ws` baseline playing the same recording, behind one shape (URL, pid for CPU, stop).
 */
import { startSimulator } from '../../tests/support/simulator';
import { startRaw } from './procs';

export interface BenchServer {
  wsUrl: string;
  pid: number;
  stop(): Promise<unknown>;
}

export type Side = 'simulator' | 'raw';

export async function startReplay(
  side: Side,
  plan: { file: string; speed: number; batchMs: number; stampNow: boolean; extraArgs?: string[] }
): Promise<BenchServer> {
  if (side === 'raw') {
    return startRaw(plan);
  }
  const sim = await startSimulator({
    args: ['--replay', plan.file, '--speed', String(plan.speed), ...(plan.extraArgs ?? [])],
  });
  // SIGKILL: a graceful close of many clients is not what is measured, and it costs seconds.
  return { wsUrl: sim.wsUrl, pid: sim.process.pid!, stop: () => sim.stop('SIGKILL') };
}

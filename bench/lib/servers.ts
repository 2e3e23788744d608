/**
 * The two servers every comparison runs against each other: `mci-sim serve --replay` and the raw
 * `ws` baseline playing the same recording, behind one shape (URL, pid for CPU, stop).
 */
import { startSimulator } from '../../tests/support/simulator';
import { startRaw } from './procs';

export interface BenchServer {
  wsUrl: string;
  /** When the recording's first event is due (epoch ms): each side starts its schedule after parsing. */
  replayStart: number;
  pid: number;
  stop(): Promise<unknown>;
}

export type Side = 'simulator' | 'raw';

/** How long a replaying server may take to listen and be ready. */
const START_TIMEOUT_MS = 120_000;

export async function startReplay(
  side: Side,
  plan: { file: string; speed: number; batchMs: number; stampNow: boolean; extraArgs?: string[] }
): Promise<BenchServer> {
  if (side === 'raw') {
    return startRaw(plan);
  }
  const sim = await startSimulator({
    args: ['--replay', plan.file, '--speed', String(plan.speed), ...(plan.extraArgs ?? [])],
    // Parsing a recording of tens of MB takes several CPU-seconds, many more on a shared machine
    // (the default 30 s was exceeded at a load average of 12). Start-up is never measured.
    startTimeoutMs: START_TIMEOUT_MS,
  });
  // SIGKILL: a graceful close of many clients is not what is measured, and it costs seconds.
  return {
    wsUrl: sim.wsUrl,
    replayStart: replayStartOf(sim.output()),
    pid: sim.process.pid!,
    stop: () => sim.stop('SIGKILL'),
  };
}

/** `replayStart` from the simulator's `listening` log line. */
function replayStartOf(output: string): number {
  for (const line of output.split('\n')) {
    if (line.includes('"msg":"listening"')) {
      const { replayStart } = JSON.parse(line) as { replayStart?: unknown };
      if (typeof replayStart === 'number') {
        return replayStart;
      }
    }
  }
  throw new Error('the replaying simulator logged no "listening" line with replayStart; see its output above');
}

/**
 * One plan's clients spread over several receiver processes, their windows opened together and
 * their counts and latency histograms added up. A receiver is one thread: stepping the clients up
 * against a server on a two-core machine, one receiver reached a whole core at 362 clients while
 * the server used a third to three quarters of the other. On a machine with more cores one
 * receiver would set every ceiling, whatever the server; spread over several processes, the
 * clients can use the cores the server leaves them.
 */
import type { ReceiverPlan, ReceiverResult } from './receiver';
import { receive, spawnReceiver, type ReceiverProcess } from './procs';
import { decodeHistogram, mergeEncoded, summarize } from '../../simulator/load/histogram';

/** `clients` dealt to at most `processes` receivers, none empty: 10 over 3 is 4, 3, 3. */
export function splitClients(clients: number, processes: number): number[] {
  const count = Math.max(1, Math.min(processes, clients));
  return Array.from({ length: count }, (_, index) => Math.floor(clients / count) + (index < clients % count ? 1 : 0));
}

/**
 * Several receivers' results as one: counts and closes added, the latency histograms added (not
 * their percentiles averaged), the window from the first start to the last end and its length the
 * receivers' mean (their windows open together and last within milliseconds of each other).
 */
export function mergeReceiverResults(results: readonly ReceiverResult[]): ReceiverResult {
  if (results.length === 1) {
    return results[0];
  }
  const sum = (pick: (result: ReceiverResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  const closes: Record<string, number> = {};
  for (const result of results) {
    for (const [code, count] of Object.entries(result.closes)) {
      closes[code] = (closes[code] ?? 0) + count;
    }
  }
  const merged: ReceiverResult = {
    connected: sum((result) => result.connected),
    events: sum((result) => result.events),
    frames: sum((result) => result.frames),
    bytes: sum((result) => result.bytes),
    seconds: sum((result) => result.seconds) / results.length,
    windowFrom: Math.min(...results.map((result) => result.windowFrom)),
    windowTo: Math.max(...results.map((result) => result.windowTo)),
    closes,
  };
  const histograms = results.map((result) => result.latencyHistogram);
  if (histograms.every((histogram) => histogram !== undefined)) {
    merged.latencyHistogram = mergeEncoded(histograms as string[], 'receiver latency');
    merged.latency = summarize(decodeHistogram(merged.latencyHistogram, 'receiver latency'));
    merged.early = sum((result) => result.early ?? 0);
    merged.clockSteps = sum((result) => result.clockSteps ?? 0);
  }
  return merged;
}

/**
 * `plan`'s clients over up to `processes` receivers: each connects its share, then all start their
 * warm-up together and their results are merged. One process is a plain `receive`.
 */
export async function receiveSpread(plan: ReceiverPlan, processes: number): Promise<ReceiverResult> {
  const shares = splitClients(plan.clients, processes);
  if (shares.length === 1) {
    return receive(plan);
  }
  let connected = 0;
  let allConnected!: () => void;
  const ready = new Promise<void>((resolve) => (allConnected = resolve));
  const receivers: ReceiverProcess[] = shares.map((clients) =>
    spawnReceiver(
      {
        ...plan,
        clients,
        gated: true,
        minEvents: plan.minEvents === undefined ? undefined : Math.ceil(plan.minEvents / shares.length),
      },
      (phase) => {
        if (phase === 'connected' && ++connected === shares.length) {
          allConnected();
        }
      }
    )
  );
  const results = Promise.all(receivers.map((receiver) => receiver.result));
  try {
    // A receiver that fails before connecting ends the wait with its error.
    await Promise.race([ready, results]);
  } catch (error) {
    receivers.forEach((receiver) => receiver.kill());
    throw error;
  }
  receivers.forEach((receiver) => receiver.start());
  return mergeReceiverResults(await results);
}

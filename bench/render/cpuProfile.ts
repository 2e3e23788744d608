/**
 * A sampled CPU profile of the page's main thread (the DevTools protocol's `Profiler`), summed
 * per function: self time (samples in the function itself) and total time (samples with the
 * function anywhere on the stack, counted once per sample). Names are the bundles' minified ones
 * with their script and position; open the saved `.cpuprofile` in DevTools (Performance panel,
 * "Load profile") to read them through the bundles' source maps.
 */
import type { CDPSession } from 'playwright-core';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface FunctionTime {
  what: string;
  selfMs: number;
  totalMs: number;
}

/** Starts sampling every `intervalUs`; the returned function stops and hands back the profile. */
export async function startCpuProfile(cdp: CDPSession, intervalUs = 200): Promise<() => Promise<CpuProfile>> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.send('Profiler.disable');
    return profile as unknown as CpuProfile;
  };
}

function frameName(frame: CallFrame): string {
  const script = frame.url.split('/').pop() || '(native)';
  const name = frame.functionName || '(anonymous)';
  return frame.url ? `${name} ${script}:${frame.lineNumber + 1}:${frame.columnNumber + 1}` : name;
}

/** Self and total time per function, most expensive total first. */
export function functionTimes(profile: CpuProfile): FunctionTime[] {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) {
      parent.set(child, node.id);
    }
  }
  const times = new Map<string, FunctionTime>();
  const entry = (what: string) => {
    let time = times.get(what);
    if (!time) {
      time = { what, selfMs: 0, totalMs: 0 };
      times.set(what, time);
    }
    return time;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, index) => {
    // A sample's delta is the time up to the next one.
    const ms = (deltas[index + 1] ?? 0) / 1000;
    const leaf = byId.get(id);
    if (!leaf || leaf.callFrame.functionName === '(idle)') {
      return;
    }
    entry(frameName(leaf.callFrame)).selfMs += ms;
    const onStack = new Set<string>();
    for (let node: ProfileNode | undefined = leaf; node; node = byId.get(parent.get(node.id) ?? -1)) {
      onStack.add(frameName(node.callFrame));
    }
    for (const what of onStack) {
      entry(what).totalMs += ms;
    }
  });
  return [...times.values()].sort((a, b) => b.totalMs - a.totalMs);
}

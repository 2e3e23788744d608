/**
 * The longest tasks of a traced thread and what ran inside each: a long task is one top-level
 * task (`RunTask`), and whether it is long because of its own CPU or because the thread waited for
 * a core shows in wall time against CPU time. Pure: takes trace events, returns rows.
 */

export interface TaskTraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, µs. */
  tdur?: number;
  args?: { data?: { url?: string; functionName?: string; type?: string } };
}

export interface TaskInside {
  what: string;
  cpuMs: number;
}

export interface LongTask {
  /** Milliseconds from the first event of the trace. */
  atMs: number;
  wallMs: number;
  cpuMs: number;
  /** The nested events with the most CPU, flattened (a parent includes its children). */
  inside: TaskInside[];
}

const TOP_LEVEL = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/** What a nested event is, with its script and function when it ran script. */
export function describe(event: TaskTraceEvent): string {
  const data = event.args?.data;
  if (data === undefined || (data.url === undefined && data.functionName === undefined && data.type === undefined)) {
    return event.name;
  }
  const script = (data.url ?? '').split('/').pop() ?? '';
  return [event.name, script, data.functionName ?? data.type ?? ''].filter((part) => part !== '').join(' ');
}

const ms = (us: number | undefined): number => (us ?? 0) / 1000;

/** Chromium nests `RunTask` events (the scheduler's inside the thread's): keep the outer ones. */
function outermost(tasks: readonly TaskTraceEvent[]): TaskTraceEvent[] {
  const kept: TaskTraceEvent[] = [];
  let end = -Infinity;
  for (const task of [...tasks].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))) {
    if (task.ts >= end) {
      kept.push(task);
      end = task.ts + (task.dur ?? 0);
    }
  }
  return kept;
}

/** The `count` longest top-level tasks (by wall time), each with its `insideCount` heaviest parts. */
export function longestTasks(events: readonly TaskTraceEvent[], count: number, insideCount = 6): LongTask[] {
  const complete = events.filter((event) => event.ph === 'X' && event.dur !== undefined);
  const start = complete.reduce((first, event) => Math.min(first, event.ts), Infinity);
  const tasks = outermost(complete.filter((event) => TOP_LEVEL.has(event.name)))
    .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
    .slice(0, count);
  return tasks.map((task) => {
    const end = task.ts + (task.dur ?? 0);
    const totals = new Map<string, number>();
    for (const event of complete) {
      if (event !== task && !TOP_LEVEL.has(event.name) && event.ts >= task.ts && event.ts < end) {
        const what = describe(event);
        totals.set(what, (totals.get(what) ?? 0) + ms(event.tdur ?? event.dur));
      }
    }
    const inside = [...totals]
      .map(([what, cpuMs]) => ({ what, cpuMs }))
      .sort((a, b) => b.cpuMs - a.cpuMs)
      .slice(0, insideCount);
    return { atMs: ms(task.ts - start), wallMs: ms(task.dur), cpuMs: ms(task.tdur ?? task.dur), inside };
  });
}

/** One line per task, its parts indented under it. */
export function formatLongestTasks(tasks: readonly LongTask[]): string {
  return tasks
    .map((task) =>
      [
        `at ${(task.atMs / 1000).toFixed(2)} s: ${task.wallMs.toFixed(1)} ms wall, ${task.cpuMs.toFixed(1)} ms CPU`,
        ...task.inside.map((part) => `    ${part.cpuMs.toFixed(1).padStart(6)} ms  ${part.what}`),
      ].join('\n')
    )
    .join('\n');
}

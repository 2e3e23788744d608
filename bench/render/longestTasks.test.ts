import { describe as describeEvent, formatLongestTasks, longestTasks, type TaskTraceEvent } from './longestTasks';

const task = (ts: number, dur: number, tdur: number): TaskTraceEvent => ({ name: 'RunTask', ph: 'X', ts, dur, tdur });
const inner = (name: string, ts: number, tdur: number, data?: TaskTraceEvent['args']): TaskTraceEvent => ({
  name,
  ph: 'X',
  ts,
  dur: tdur,
  tdur,
  args: data,
});

describe('longestTasks', () => {
  const events: TaskTraceEvent[] = [
    task(1_000, 10_000, 9_000),
    inner('Layout', 1_100, 6_000),
    inner('FunctionCall', 7_200, 2_000, { data: { url: 'http://h/module.js', functionName: 'onmessage' } }),
    task(20_000, 60_000, 20_000),
    { ...task(20_010, 59_000, 19_000), name: 'ThreadControllerImpl::RunTask' },
    inner('Layout', 20_100, 5_000),
    inner('Layout', 30_000, 7_000),
    inner('UpdateLayoutTree', 40_000, 8_000),
    // Outside every task: counted nowhere.
    inner('Layout', 90_000, 50_000),
    { name: 'thread_name', ph: 'M', ts: 0 },
  ];

  it('orders tasks by wall time and tells wall from CPU', () => {
    const tasks = longestTasks(events, 5);
    expect(tasks.map((t) => [t.atMs, t.wallMs, t.cpuMs])).toEqual([
      [19, 60, 20],
      [0, 10, 9],
    ]);
  });

  it('sums what ran inside each task by name and script, heaviest first', () => {
    const [longest, shorter] = longestTasks(events, 2);
    expect(longest.inside).toEqual([
      { what: 'Layout', cpuMs: 12 },
      { what: 'UpdateLayoutTree', cpuMs: 8 },
    ]);
    expect(shorter.inside).toEqual([
      { what: 'Layout', cpuMs: 6 },
      { what: 'FunctionCall module.js onmessage', cpuMs: 2 },
    ]);
  });

  it('keeps only the asked number of tasks and parts', () => {
    const tasks = longestTasks(events, 1, 1);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].inside).toEqual([{ what: 'Layout', cpuMs: 12 }]);
  });

  it('returns nothing for a trace without tasks', () => {
    expect(longestTasks([inner('Layout', 0, 5)], 3)).toEqual([]);
  });

  it('names an event without script data by its name only', () => {
    expect(describeEvent(inner('Paint', 0, 1))).toBe('Paint');
    expect(describeEvent(inner('TimerFire', 0, 1, { data: { type: 'x' } }))).toBe('TimerFire x');
  });

  it('prints a task line and its indented parts', () => {
    expect(formatLongestTasks(longestTasks(events, 1, 1))).toBe(
      'at 0.02 s: 60.0 ms wall, 20.0 ms CPU\n      12.0 ms  Layout'
    );
  });
});

import { ALERT_GRACE_MS, drillTimeline, mergeDrills, sinkAlerts } from './drillTimeline';

const T = 1_767_225_600_000;
const webhook = (receivedAt: number, ...alerts: Array<[name: string, status: string]>) => ({
  receivedAt,
  body: {
    status: alerts[0]?.[1] ?? 'firing',
    alerts: alerts.map(([name, status]) => ({ status, labels: { alertname: name, severity: 'critical' } })),
  },
});

describe('sinkAlerts', () => {
  it.each([
    [
      'an Alertmanager webhook',
      webhook(T, ['MciCpuCritical', 'firing']),
      [{ name: 'MciCpuCritical', status: 'firing' }],
    ],
    ['a resolved alert', webhook(T, ['MciCpuCritical', 'resolved']), [{ name: 'MciCpuCritical', status: 'resolved' }]],
    ['an alert without a name, skipped', { receivedAt: T, body: { alerts: [{ labels: {} }] } }, []],
    ['a body that is not a webhook', { receivedAt: T, body: 'hello' }, undefined],
  ])('reads %s', (_name, notification, expected) => {
    const read = sinkAlerts(notification);
    expect(read?.map(({ name, status }) => ({ name, status }))).toEqual(expected);
  });
});

describe('drillTimeline', () => {
  const cpu = { name: 'cpu-spike', startedAt: T, endsAt: T + 120_000 };
  const errors = { name: 'error-burst', startedAt: T + 600_000, endsAt: T + 660_000 };

  it('gives each drill the alerts received while it ran, each once, with the time from its start', () => {
    const timeline = drillTimeline(
      [cpu, errors],
      [
        webhook(T + 4_200, ['MciCpuCritical', 'firing']),
        webhook(T + 9_000, ['MciCpuCritical', 'firing']),
        webhook(T + 130_000, ['MciCpuCritical', 'resolved']),
        webhook(T + 603_000, ['MciErrorRateCritical', 'firing']),
      ]
    );
    expect(
      timeline.entries.map((entry) => [entry.drill.name, entry.alerts.map((a) => [a.name, a.status, a.tookMs])])
    ).toEqual([
      ['error-burst', [['MciErrorRateCritical', 'firing', 3_000]]],
      [
        'cpu-spike',
        [
          ['MciCpuCritical', 'firing', 4_200],
          ['MciCpuCritical', 'resolved', 130_000],
        ],
      ],
    ]);
  });

  it('leaves out alerts from before any drill and long after a stopped one, and counts unreadable entries', () => {
    const stopped = { ...cpu, stoppedAt: T + 10_000 };
    const timeline = drillTimeline(
      [stopped],
      [
        webhook(T - 1, ['Before', 'firing']),
        webhook(T + 10_000 + ALERT_GRACE_MS + 1, ['Late', 'firing']),
        { receivedAt: T + 5, body: null },
      ]
    );
    expect(timeline.entries[0].alerts).toEqual([]);
    expect(timeline.unreadable).toBe(1);
  });
});

describe('mergeDrills', () => {
  it('adds running drills the page did not start, once', () => {
    const mine = { name: 'cpu-spike', startedAt: T, endsAt: T + 1 };
    const other = { name: 'flash-crash', startedAt: T + 5, endsAt: T + 6 };
    expect(mergeDrills([mine], [{ ...mine }, other])).toEqual([mine, other]);
  });
});

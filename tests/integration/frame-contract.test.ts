/**
 * The frame contract between the data source and the panels: every field a panel reads is a
 * field the data source's frame of that channel holds. Lint keeps panels from importing the data
 * source, so this test (which may import both) is where the two names meet.
 */
import { CHANNEL_FIELD_NAMES } from '../../src/datasource/frames';
import { ACTIVITY_FIELD_KEYS, REQUIRED_ACTIVITY_FIELDS } from '../../src/panels/activity/types';
import { ORDER_FIELD_KEYS, REQUIRED_ORDER_FIELDS } from '../../src/panels/orders/types';
import { POSITION_COLUMNS } from '../../src/panels/positions/types';
import type { Channel } from '../../src/protocol';

// Grafana's runtime and UI read the browser's boot data when loaded; nothing here renders.
jest.mock('@grafana/runtime', () => ({}));
jest.mock('@grafana/ui', () => ({}));

/**
 * A panel key names a frame field, except `time`, which each panel resolves to the channel's event
 * time field (see the panels' FIELD_NAMES).
 */
const TIME_FIELD: Partial<Record<Channel, string>> = {
  orders: 'createdAt',
  activity: 'timestamp',
  alerts: 'timestamp',
};
const fieldName = (channel: Channel, key: string) => (key === 'time' ? (TIME_FIELD[channel] ?? 'time') : key);
const missing = (channel: Channel, keys: readonly string[]) =>
  keys.map((key) => fieldName(channel, key)).filter((name) => !CHANNEL_FIELD_NAMES[channel].includes(name));

describe('the frame contract', () => {
  it.each([
    ['positions', 'positions', POSITION_COLUMNS],
    ['orders', 'orders', ORDER_FIELD_KEYS],
    ['activity (required fields)', 'activity', REQUIRED_ACTIVITY_FIELDS],
    ['activity (required fields)', 'alerts', REQUIRED_ACTIVITY_FIELDS],
    ['orders (required fields)', 'orders', REQUIRED_ORDER_FIELDS],
  ] as Array<[string, Channel, readonly string[]]>)(
    'gives the %s panel every field it reads from the %s frame',
    (_panel, channel, keys) => {
      expect(missing(channel, keys)).toEqual([]);
    }
  );

  it('gives the activity panel each optional field from the activity frame or the alerts frame', () => {
    const fromEither = ACTIVITY_FIELD_KEYS.filter(
      (key) => missing('activity', [key]).length > 0 && missing('alerts', [key]).length > 0
    );
    expect(fromEither).toEqual([]);
  });
});

import { PROFILE_METRIC_KINDS, PROFILE_METRIC_NAMES } from '../../../src/protocol';
import { ACCOUNT_PROFILE_ID } from '../../engine/tradingProfiles';
import { addEquity, addHealth, countOrder, openWindow, windowRows } from './windowRows';

describe('windowRows', () => {
  it("writes the account's metrics under exactly the names the protocol lists for each family", () => {
    const window = openWindow('hour', 0);
    countOrder(window, ACCOUNT_PROFILE_ID, 'placed');
    countOrder(window, ACCOUNT_PROFILE_ID, 'filled');
    addEquity(window, 100_000);
    addEquity(window, 99_000);
    addHealth(window, { cpu: 10, memory: 20, latency: 5 });

    const account = windowRows(window, []).filter((row) => row.profile_id === ACCOUNT_PROFILE_ID);

    for (const family of PROFILE_METRIC_KINDS) {
      const names = account.filter((row) => row.metric_type === family).map((row) => row.metric_name);
      expect({ family, names: [...names].sort() }).toEqual({ family, names: [...PROFILE_METRIC_NAMES[family]].sort() });
    }
    expect(account.filter((row) => !(PROFILE_METRIC_KINDS as readonly string[]).includes(row.metric_type))).toEqual([]);
  });
});

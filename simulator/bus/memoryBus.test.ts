import { ChannelHub } from '../server/ChannelHub';
import { describeBus } from './testing/busSuite';

describeBus('the in-memory bus (ChannelHub)', async (historySize) => ({
  bus: new ChannelHub('epoch-memory', historySize),
  close: async () => undefined,
}));

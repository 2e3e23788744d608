import { UrlRotation } from './urlRotation';

describe('UrlRotation', () => {
  it.each([
    ['one URL stays put', ['ws://a'], 0, ['ws://a', 'ws://a', 'ws://a']],
    ['starts at the first when random gives 0', ['ws://a', 'ws://b'], 0, ['ws://a', 'ws://b', 'ws://a']],
    [
      'starts at the last when random gives almost 1',
      ['ws://a', 'ws://b', 'ws://c'],
      0.99,
      ['ws://c', 'ws://a', 'ws://b'],
    ],
    ['ignores a repeated URL', ['ws://a', 'ws://a', 'ws://b'], 0.6, ['ws://b', 'ws://a', 'ws://b']],
  ])('%s', (_name, urls, random, expected) => {
    const rotation = new UrlRotation(urls, () => random);
    const seen = expected.map(() => {
      const url = rotation.current;
      rotation.advance();
      return url;
    });
    expect(seen).toEqual(expected);
  });
});

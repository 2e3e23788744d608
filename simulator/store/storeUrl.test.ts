import { describeStoreUrl, parseStoreUrl, type StoreUrl } from './storeUrl';

describe('parseStoreUrl', () => {
  it.each<[string, StoreUrl]>([
    ['memory', { kind: 'memory' }],
    ['sqlite:.mci-sim/telemetry.db', { kind: 'sqlite', path: '.mci-sim/telemetry.db' }],
    ['sqlite:/var/lib/mci/t.db', { kind: 'sqlite', path: '/var/lib/mci/t.db' }],
    ['sqlite:///var/lib/mci/t.db', { kind: 'sqlite', path: '/var/lib/mci/t.db' }],
    [
      'mysql://mci:s%40cret@db.example:3307/telemetry',
      { kind: 'mysql', host: 'db.example', port: 3307, user: 'mci', password: 's@cret', database: 'telemetry' },
    ],
    [
      'mariadb://127.0.0.1/telemetry',
      { kind: 'mysql', host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'telemetry' },
    ],
  ])('reads %s', (text, expected) => {
    expect(parseStoreUrl(text)).toEqual(expected);
  });

  it.each([
    ['', /starts with none of/],
    ['postgres://x/y', /starts with none of/],
    ['sqlite:', /needs a file path/],
    ['mysql://host', /one database name/],
    ['mysql://host/a/b', /one database name/],
    ['mysql://:3306/db', /not a valid URL|no host/],
  ])('rejects %j saying why and how', (text, why) => {
    expect(() => parseStoreUrl(text)).toThrow(why);
    expect(() => parseStoreUrl(text)).toThrow(/Use memory, sqlite:/);
  });

  it('describes a MySQL location without its password', () => {
    expect(describeStoreUrl(parseStoreUrl('mysql://mci:secret@db:3306/telemetry'))).toBe(
      'mysql://mci@db:3306/telemetry'
    );
  });
});

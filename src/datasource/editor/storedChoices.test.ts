import { createStoredChoices, parseProfiles, parseServices } from './storedChoices';

describe('parseServices', () => {
  it('lists each service once, sorted, and counts the entries it cannot read', () => {
    expect(
      parseServices({
        services: [{ service: 'database' }, { service: 'api' }, { service: 'api' }, { name: 'x' }, 7, { service: '' }],
      })
    ).toEqual({ values: ['api', 'database'], skipped: 3 });
  });

  it('says which call answered without a list', () => {
    expect(() => parseServices({ since: 'x' })).toThrow(/GET \/metrics\/services answered without a "services" list/);
  });
});

describe('parseProfiles', () => {
  it('orders the profiles by id, names a nameless one, and counts the bad entries', () => {
    expect(
      parseProfiles({
        profiles: [
          { profile_id: 2, name: 'mean_reversion', description: 'RSI' },
          { profile_id: 0, name: 'account', description: 'all' },
          { profile_id: 1 },
          { profile_id: -1, name: 'bad' },
          { profile_id: 1.5 },
          null,
        ],
      })
    ).toEqual({
      values: [
        { profile_id: 0, name: 'account', description: 'all' },
        { profile_id: 1, name: 'profile 1', description: '' },
        { profile_id: 2, name: 'mean_reversion', description: 'RSI' },
      ],
      skipped: 3,
    });
  });

  it('says which call answered without a list', () => {
    expect(() => parseProfiles([])).toThrow(/GET \/api\/v1\/profiles answered without a "profiles" list/);
  });
});

describe('createStoredChoices', () => {
  it('reads the services and the profiles at their REST paths', async () => {
    const paths: string[] = [];
    const choices = createStoredChoices(async (path) => {
      paths.push(path);
      return path.endsWith('profiles') ? { profiles: [{ profile_id: 0, name: 'account' }] } : { services: [] };
    });
    await expect(choices.services()).resolves.toEqual({ values: [], skipped: 0 });
    await expect(choices.profiles()).resolves.toMatchObject({ values: [{ profile_id: 0 }] });
    expect(paths).toEqual(['/metrics/services', '/api/v1/profiles']);
  });
});

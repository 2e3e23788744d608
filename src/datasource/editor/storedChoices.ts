/**
 * What the query editor offers for the stored kinds, read from the server through the data
 * source's proxy routes: the services with stored metrics (`GET /metrics/services`) and spec 003's
 * profiles (`GET /api/v1/profiles`). A malformed entry is skipped and counted, never shown.
 */
import type { HttpGet } from '../../client';
import { METRICS_API_PATHS, PROFILE_API_PATHS, type ProfileInfo } from '../../protocol';

export interface Choices<T> {
  values: T[];
  /** Entries of the answer that were not understood and were left out. */
  skipped: number;
}

export interface StoredChoices {
  /** Service names with samples in the server's recent window, sorted. */
  services(): Promise<Choices<string>>;
  /** Profiles by id: 0 is the account, 1.. the strategies. */
  profiles(): Promise<Choices<ProfileInfo>>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The array under `key` of an answer, or an error naming the call when there is none. */
function listOf(body: unknown, key: string, call: string): unknown[] {
  const list = isRecord(body) ? body[key] : undefined;
  if (!Array.isArray(list)) {
    throw new Error(`${call} answered without a "${key}" list: the server at the REST URL may not be an MCI server`);
  }
  return list;
}

export function parseServices(body: unknown): Choices<string> {
  const names = new Set<string>();
  let skipped = 0;
  for (const entry of listOf(body, 'services', `GET ${METRICS_API_PATHS.services}`)) {
    if (isRecord(entry) && typeof entry.service === 'string' && entry.service !== '') {
      names.add(entry.service);
    } else {
      skipped += 1;
    }
  }
  return { values: [...names].sort(), skipped };
}

export function parseProfiles(body: unknown): Choices<ProfileInfo> {
  const profiles = new Map<number, ProfileInfo>();
  let skipped = 0;
  for (const entry of listOf(body, 'profiles', `GET ${PROFILE_API_PATHS.profiles}`)) {
    const id = isRecord(entry) ? entry.profile_id : undefined;
    if (isRecord(entry) && typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) {
      profiles.set(id, {
        profile_id: id,
        name: typeof entry.name === 'string' ? entry.name : `profile ${id}`,
        description: typeof entry.description === 'string' ? entry.description : '',
      });
    } else {
      skipped += 1;
    }
  }
  return { values: [...profiles.values()].sort((a, b) => a.profile_id - b.profile_id), skipped };
}

export function createStoredChoices(httpGet: HttpGet): StoredChoices {
  return {
    services: async () => parseServices(await httpGet(METRICS_API_PATHS.services)),
    profiles: async () => parseProfiles(await httpGet(PROFILE_API_PATHS.profiles)),
  };
}

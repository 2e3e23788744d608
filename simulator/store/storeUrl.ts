/**
 * The `--store` value as a typed location: `memory`, `sqlite:<path>` or
 * `mysql://user:pass@host:port/db` (also `mariadb://`). Parsed once at start-up; a bad value gets
 * a {what, why, how} error naming the forms that work.
 */
import { StoreError } from './StoreError';

export type StoreUrl =
  | { kind: 'memory' }
  | { kind: 'sqlite'; path: string }
  | { kind: 'mysql'; host: string; port: number; user: string; password: string; database: string };

export const DEFAULT_MYSQL_PORT = 3306;

const FORMS = 'Use memory, sqlite:<path to a .db file> or mysql://user:password@host:port/database.';

export function parseStoreUrl(value: string): StoreUrl {
  const text = value.trim();
  if (text === 'memory') {
    return { kind: 'memory' };
  }
  if (text.startsWith('sqlite:')) {
    const path = text.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') {
      throw bad(value, 'the sqlite: form needs a file path after the colon');
    }
    return { kind: 'sqlite', path };
  }
  if (text.startsWith('mysql://') || text.startsWith('mariadb://')) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw bad(value, 'it is not a valid URL');
    }
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (url.hostname === '') {
      throw bad(value, 'the URL has no host');
    }
    if (database === '' || database.includes('/')) {
      throw bad(value, 'the URL needs one database name as its path (…/telemetry)');
    }
    const port = url.port === '' ? DEFAULT_MYSQL_PORT : Number(url.port);
    return {
      kind: 'mysql',
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port,
      user: decodeURIComponent(url.username) || 'root',
      password: decodeURIComponent(url.password),
      database,
    };
  }
  throw bad(value, 'it starts with none of memory, sqlite: or mysql:// (mariadb://)');
}

/** The location for logs and errors, with the password left out. */
export function describeStoreUrl(url: StoreUrl): string {
  switch (url.kind) {
    case 'memory':
      return 'memory';
    case 'sqlite':
      return `sqlite:${url.path}`;
    case 'mysql':
      return `mysql://${encodeURIComponent(url.user)}@${url.host}:${url.port}/${encodeURIComponent(url.database)}`;
  }
}

function bad(value: string, why: string): StoreError {
  return new StoreError(`--store "${value}" is not a store location`, why, FORMS);
}

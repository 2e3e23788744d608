/**
 * Run one jest suite against every SQL back end: SQLite (files in a temporary directory) and
 * MariaDB (one real server per test file, started in `beforeAll`, stopped in `afterAll`). Each
 * call of `freshUrl()` gives an empty store of its own (a new file, or a new database on the
 * shared server), so tests stay independent without a server per test.
 *
 *   eachBackEnd('the SQL event store', (backEnd) => {
 *     it('keeps events', async () => { const store = await openStore(await backEnd.freshUrl()); … });
 *   });
 */
import { mkdtempSync, rmSync } from 'fs';
import { createConnection } from 'mysql2/promise';
import { tmpdir } from 'os';
import { join } from 'path';
import { startMariaDb, type RunningMariaDb } from '../../../tests/support/mariadb';

export type BackEndName = 'sqlite' | 'mariadb';

export interface BackEnd {
  readonly name: BackEndName;
  /** A `--store` value naming a new, empty store. */
  freshUrl(): Promise<string>;
  /** The running MariaDB server (to kill and restart it), or undefined on SQLite. */
  mariaDb(): RunningMariaDb | undefined;
}

/** Starting MariaDB (install-db plus start-up) takes seconds, more on a loaded machine. */
const MARIADB_START_TIMEOUT_MS = 120_000;

export function eachBackEnd(title: string, define: (backEnd: BackEnd) => void): void {
  describe(`${title} on SQLite`, () => {
    let dir: string;
    let count = 0;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'mci-sqlite-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    define({
      name: 'sqlite',
      freshUrl: async () => `sqlite:${join(dir, `store-${++count}.db`)}`,
      mariaDb: () => undefined,
    });
  });

  describe(`${title} on MariaDB`, () => {
    let server: RunningMariaDb | undefined;
    let count = 0;
    beforeAll(async () => {
      server = await startMariaDb();
    }, MARIADB_START_TIMEOUT_MS);
    afterAll(async () => {
      await server?.stop();
    }, MARIADB_START_TIMEOUT_MS);
    define({
      name: 'mariadb',
      async freshUrl() {
        if (server === undefined) {
          throw new Error('eachBackEnd: the MariaDB server did not start (see the beforeAll error above).');
        }
        const name = `store_${++count}`;
        const connection = await createConnection({ host: '127.0.0.1', port: server.port, user: 'root' });
        await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
        await connection.end();
        return `mysql://root@127.0.0.1:${server.port}/${name}`;
      },
      mariaDb: () => server,
    });
  });
}

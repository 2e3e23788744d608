/**
 * Start a real MariaDB server (Debian's `mariadb-server`) for tests: a fresh data directory in a
 * temporary folder (`mariadb-install-db`), loopback only on a free port, no grant tables (any user
 * may connect, which is fine for a throwaway server only the test can reach), a database created
 * for the test. `stop()` shuts it down and deletes the directory; `kill()` and `restart()` let a
 * test lose the server mid-run and bring it back on the same port with the same data. Every wait
 * is bounded and fails saying what it waited for.
 *
 * Several servers start at once (Jest workers, other projects' tests on the same machine), so each
 * shares nothing with another: its own temporary-file directory (`--tmpdir`; in the shared /tmp,
 * parallel `mariadb-install-db` runs failed now and then on each other's temporary tables, and a
 * failed install failed every test of the file), readiness checked on its own Unix socket (a
 * server another test started on the same port never passes for this one), its port checked to
 * be its own, and a fresh port tried when another process took the one found before mariadbd
 * bound it.
 */
import { spawn, type ChildProcess } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { createConnection } from 'mysql2/promise';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort } from './serverProcess';

export interface RunningMariaDb {
  /** `mysql://root@127.0.0.1:<port>/<database>` */
  url: string;
  port: number;
  database: string;
  /** Shut down, wait for the exit, delete the data directory. */
  stop(): Promise<void>;
  /** SIGKILL the server, as a crash or a lost host would (the data directory stays). */
  kill(): Promise<void>;
  /** Start the server again on the same port and data directory (after `kill`). */
  restart(): Promise<void>;
}

const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_TIMEOUT_MS = 60_000;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const POLL_MS = 100;
/** Free ports to try when another process takes the one found before mariadbd binds it. */
const PORT_ATTEMPTS = 5;
/** What mariadbd logs when its TCP port is in use. */
const PORT_TAKEN = /Address already in use|Can't start server: Bind on TCP\/IP port/;

export async function startMariaDb(database = 'mci_test'): Promise<RunningMariaDb> {
  if (!existsSync(MARIADBD)) {
    throw new Error(
      `startMariaDb: ${MARIADBD} is missing, so there is no MariaDB server to test against; ` +
        'install it with bash scripts/ensure-system-deps.sh (Debian package mariadb-server).'
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'mci-mariadb-'));
  const dataDir = join(dir, 'data');
  const tmpDir = join(dir, 'tmp');
  mkdirSync(tmpDir);
  try {
    await run(
      'mariadb-install-db',
      [
        '--no-defaults',
        '--user=root',
        `--datadir=${dataDir}`,
        `--tmpdir=${tmpDir}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
      ],
      INSTALL_TIMEOUT_MS
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const socket = join(dir, 'mariadb.sock');
  let port = 0;
  let launches = 0;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  /** One mariadbd on `port`: resolves once it answers on its own socket, or says why it did not. */
  const launch = async (): Promise<{ ok: true } | { ok: false; portTaken: boolean; why: string }> => {
    const logFile = join(dir, `error-${++launches}.log`);
    child = spawn(
      MARIADBD,
      [
        '--no-defaults',
        '--user=root',
        `--datadir=${dataDir}`,
        `--tmpdir=${tmpDir}`,
        `--socket=${socket}`,
        `--pid-file=${join(dir, 'mariadb.pid')}`,
        `--log-error=${logFile}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        '--skip-grant-tables',
        '--skip-name-resolve',
        '--skip-log-bin',
        // A test server: durability per transaction is not the point, speed on a busy machine is.
        '--innodb-flush-log-at-trx-commit=2',
        '--innodb-buffer-pool-size=64M',
      ],
      { stdio: 'ignore' }
    );
    const current = child;
    exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    let spawnError: Error | undefined;
    current.once('error', (error) => (spawnError = error));
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (spawnError !== undefined || current.exitCode !== null) {
        await exited;
        const log = readLog(logFile);
        return {
          ok: false,
          portTaken: PORT_TAKEN.test(log),
          why: `mariadbd exited while starting (${spawnError?.message ?? `exit ${current.exitCode}`}). Log:\n${log}`,
        };
      }
      // Its own socket, in its own directory: a server another test started on the same port
      // (a free port found by one process can be found by another before either binds it) never
      // passes for this one.
      if (await answers({ socketPath: socket })) {
        return { ok: true };
      }
      if (Date.now() > deadline) {
        current.kill('SIGKILL');
        await exited;
        return {
          ok: false,
          portTaken: false,
          why: `mariadbd did not accept connections on ${socket} in ${START_TIMEOUT_MS} ms. Log:\n${readLog(logFile)}`,
        };
      }
      await sleep(POLL_MS);
    }
  };

  /** First start: a free port, and another one if a parallel test took it before mariadbd bound it. */
  const startFresh = async () => {
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const result = await launch();
      if (result.ok) {
        return;
      }
      if (!result.portTaken || attempt === PORT_ATTEMPTS) {
        throw new Error(`startMariaDb: ${result.why}`);
      }
    }
  };

  /** After `kill`: the same port, so the URL the store holds points at it again. */
  const restart = async () => {
    const result = await launch();
    if (!result.ok) {
      throw new Error(
        `startMariaDb: restart on port ${port} failed${result.portTaken ? ' (another process took the port meanwhile)' : ''}: ${result.why}`
      );
    }
  };

  const halt = async (signal: NodeJS.Signals) => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const timer = setTimeout(() => child?.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
  };

  try {
    await startFresh();
    await expectOwnServerOnPort(port, dataDir);
    const connection = await createConnection({ host: '127.0.0.1', port, user: 'root' });
    await connection.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
    await connection.end();
  } catch (error) {
    await halt('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    url: `mysql://root@127.0.0.1:${port}/${database}`,
    port,
    database,
    async stop() {
      await halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    kill: () => halt('SIGKILL'),
    restart,
  };
}

async function answers(where: { socketPath: string }): Promise<boolean> {
  try {
    const connection = await createConnection({ ...where, user: 'root', connectTimeout: 1000 });
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

/** The server on 127.0.0.1:`port` is the one on `dataDir` (what the tests will connect to by URL). */
async function expectOwnServerOnPort(port: number, dataDir: string): Promise<void> {
  const connection = await createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 5000 });
  try {
    const [rows] = await connection.query('SELECT @@datadir AS datadir');
    const served = String((rows as Array<{ datadir: string }>)[0].datadir).replace(/\/$/, '');
    if (served !== dataDir) {
      throw new Error(
        `startMariaDb: 127.0.0.1:${port} is answered by another MariaDB (data directory ${served}, not ${dataDir}); ` +
          'some other process bound the port: run the tests again'
      );
    }
  } finally {
    await connection.end();
  }
}

function run(command: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(
        new Error(
          `startMariaDb: cannot run ${command} (${error.message}); install mariadb-server with scripts/ensure-system-deps.sh.`
        )
      );
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve();
      } else {
        reject(
          new Error(
            `startMariaDb: ${command} failed (${signal ?? `exit ${code}`}${signal === 'SIGKILL' ? `, timed out after ${timeoutMs} ms` : ''}). Output:\n${output}`
          )
        );
      }
    });
  });
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

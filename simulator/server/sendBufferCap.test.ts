import { createServer, connect, type Server, type Socket } from 'net';
import { createSendBufferCap, sendBufferBytes, type Sockopt } from './sendBufferCap';

/** A logger that keeps what was warned. */
function recordingLogger() {
  const warnings: Array<{ details: object; message: string }> = [];
  return { warnings, warn: (details: object, message: string) => warnings.push({ details, message }) };
}

/** A loopback server whose accepted sockets go through `onSocket`; resolves with the first one. */
async function acceptOne(onSocket: (socket: Socket) => void): Promise<{ accepted: Socket; close: () => void }> {
  let server: Server | undefined;
  let client: Socket | undefined;
  const accepted = await new Promise<Socket>((resolve, reject) => {
    server = createServer((socket) => {
      onSocket(socket);
      resolve(socket);
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server!.address() as { port: number };
      client = connect(port, '127.0.0.1');
      client.on('error', reject);
    });
  });
  return {
    accepted,
    close: () => {
      accepted.destroy();
      client?.destroy();
      server?.close();
    },
  };
}

describe('createSendBufferCap', () => {
  it('sets the kernel send buffer of a real accepted socket (Linux doubles what is asked)', async () => {
    const logger = recordingLogger();
    const cap = createSendBufferCap({ bytes: 64 * 1024, logger });
    const { accepted, close } = await acceptOne(cap);
    try {
      expect(sendBufferBytes(accepted)).toBe(128 * 1024);
      expect(logger.warnings).toEqual([]);
    } finally {
      close();
    }
  });

  it('leaves the kernel its own sizing at 0, without loading the native module', async () => {
    const load = jest.fn<Sockopt, []>(() => {
      throw new Error('must not be loaded');
    });
    const logger = recordingLogger();
    const cap = createSendBufferCap({ bytes: 0, logger, load });
    const { accepted, close } = await acceptOne(cap);
    try {
      expect(sendBufferBytes(accepted)).not.toBe(0);
      expect(load).not.toHaveBeenCalled();
      expect(logger.warnings).toEqual([]);
    } finally {
      close();
    }
  });

  it('says once what happened, why and how to fix it when the native module does not load, and carries on', async () => {
    const logger = recordingLogger();
    const cap = createSendBufferCap({
      bytes: 64 * 1024,
      logger,
      load: () => {
        throw new Error('invalid ELF header');
      },
    });
    const { accepted, close } = await acceptOne(cap);
    try {
      expect(accepted.destroyed).toBe(false);
      expect(logger.warnings).toHaveLength(1);
      const [warning] = logger.warnings;
      expect(warning.message).toMatch(/not capped/);
      expect(warning.message).toMatch(/C\+\+ compiler, make and python3, then run `npm install` again/);
      expect(warning.message).toMatch(/--send-buffer-bytes 0/);
      expect(warning.details).toMatchObject({ err: 'invalid ELF header', sendBufferBytes: 64 * 1024 });
    } finally {
      close();
    }
  });

  it('does not guess the option number on a kernel it does not know', () => {
    const load = jest.fn<Sockopt, []>();
    const logger = recordingLogger();
    const cap = createSendBufferCap({ bytes: 64 * 1024, logger, load, platform: 'aix' });
    expect(() => cap({ destroyed: false } as Socket)).not.toThrow();
    expect(load).not.toHaveBeenCalled();
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0].message).toMatch(/on aix/);
  });

  it('warns once and stops trying when setsockopt fails for open sockets; a closed socket is no failure', () => {
    const setsockopt = jest.fn(() => {
      throw new Error('setsockopt failed: Operation not permitted (1)');
    });
    const logger = recordingLogger();
    const cap = createSendBufferCap({
      bytes: 64 * 1024,
      logger,
      load: () => ({ setsockopt, getsockopt: () => 0 }),
      platform: 'linux',
    });
    cap({ destroyed: true } as Socket);
    expect(logger.warnings).toEqual([]);
    cap({ destroyed: false } as Socket);
    cap({ destroyed: false } as Socket);
    expect(setsockopt).toHaveBeenCalledTimes(2);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0].message).toMatch(/no longer capped/);
    expect(logger.warnings[0].details).toMatchObject({ err: 'setsockopt failed: Operation not permitted (1)' });
  });
});

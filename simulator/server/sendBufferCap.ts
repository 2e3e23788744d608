/**
 * Caps the kernel's send buffer (SO_SNDBUF) of every TCP connection the server accepts.
 *
 * Linux grows a connection's send buffer while its peer lags, up to `net.ipv4.tcp_wmem`'s largest
 * size (4 MiB by default), outside the process and before the server's own byte bounds see a
 * single unread byte. So a hundred clients that stop reading hold 400 MB of kernel memory, and the
 * server's one thread spends the time of copying 400 MB into fresh pages while every reader waits
 * (docs/server.md, "Kernel send buffers"). With the buffer capped, a stalled client reaches the
 * server's bounds, and its close with 4004, after a fraction of that.
 *
 * Node can set this option on UDP sockets only, so the small native module `sockopt` (an optional
 * dependency: npm leaves it out where it cannot be built) calls setsockopt(2). Where it cannot (the
 * module is missing or failed to load, or an unknown kernel), the server says so once and runs with
 * the kernel's own sizes, as it would with the cap turned off.
 */
import type { Socket } from 'net';
import { loadOptional } from '../optional/loadOptional';

/** The part of `sockopt` used here: setsockopt(2) and getsockopt(2) on a Node socket's descriptor. */
export interface Sockopt {
  setsockopt(socket: Socket, level: number, option: number, value: number): void;
  getsockopt(socket: Socket, level: number, option: number): number;
}

/** setsockopt(2)'s level and option numbers for SO_SNDBUF, which differ between kernels. */
const SO_SNDBUF: Partial<Record<NodeJS.Platform, { level: number; option: number }>> = {
  linux: { level: 1, option: 7 },
  darwin: { level: 0xffff, option: 0x1001 },
};

export interface CapLogger {
  warn(details: object, message: string): void;
}

export interface SendBufferCapOptions {
  /** What the server asks for (0: leave the kernel's sizing alone). Linux doubles it for its bookkeeping. */
  bytes: number;
  logger: CapLogger;
  /** How `sockopt` is loaded: the real module unless a test passes another. */
  load?: () => Sockopt;
  platform?: NodeJS.Platform;
}

/** Applies the cap to one accepted socket. */
export type SendBufferCap = (socket: Socket) => void;

const leaveAlone: SendBufferCap = () => undefined;

export function createSendBufferCap(options: SendBufferCapOptions): SendBufferCap {
  const { bytes, logger } = options;
  if (bytes === 0) {
    return leaveAlone;
  }
  const platform = options.platform ?? process.platform;
  const numbers = SO_SNDBUF[platform];
  if (numbers === undefined) {
    logger.warn(
      { platform, sendBufferBytes: bytes },
      `Send buffers are not capped: this server does not know the socket option's number on ${platform}. ` +
        'A client that stops reading can hold as much kernel memory as the system allows; ' +
        'set the system-wide limit instead, or pass --send-buffer-bytes 0 to silence this.'
    );
    return leaveAlone;
  }
  let sockopt: Sockopt;
  try {
    sockopt = (options.load ?? loadSockopt)();
  } catch (error) {
    logger.warn(
      { err: (error as Error).message, sendBufferBytes: bytes },
      'Send buffers are not capped: the native module sockopt did not load. ' +
        'A client that stops reading can hold up to net.ipv4.tcp_wmem of kernel memory; ' +
        'install a C++ compiler, make and python3, then run `npm install` again, ' +
        'lower net.ipv4.tcp_wmem, or pass --send-buffer-bytes 0 to silence this.'
    );
    return leaveAlone;
  }
  let failing = false;
  return (socket) => {
    if (failing) {
      return;
    }
    try {
      sockopt.setsockopt(socket, numbers.level, numbers.option, bytes);
    } catch (error) {
      // A socket closed before it was handed over has no descriptor: nothing to cap. Anything
      // else fails for every socket alike, so it is said once and not tried again.
      if (socket.destroyed) {
        return;
      }
      failing = true;
      logger.warn(
        { err: (error as Error).message, sendBufferBytes: bytes },
        'Send buffers are no longer capped: setsockopt(SO_SNDBUF) failed. ' +
          'Clients that stop reading can hold up to net.ipv4.tcp_wmem of kernel memory; ' +
          'lower that setting, or pass --send-buffer-bytes 0 to silence this.'
      );
    }
  };
}

/** The kernel's send buffer size of `socket` in bytes, as getsockopt(2) reports it (for tests and checks). */
export function sendBufferBytes(socket: Socket, load: () => Sockopt = loadSockopt): number {
  const numbers = SO_SNDBUF[process.platform];
  if (numbers === undefined) {
    throw new Error(`The SO_SNDBUF option's number is not known on ${process.platform}`);
  }
  return load().getsockopt(socket, numbers.level, numbers.option);
}

function loadSockopt(): Sockopt {
  // Loaded on first use, not at import: a server started with the cap turned off never needs it.
  return loadOptional<Sockopt>('sockopt', '2.0.1', "Capping each connection's send buffer");
}

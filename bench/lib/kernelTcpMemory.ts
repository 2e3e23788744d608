/**
 * The kernel's memory for TCP buffers, machine-wide, from `/proc/net/sockstat` (`TCP: … mem N`,
 * in pages). A client that stops reading costs its server kernel memory the process's RSS never
 * shows: the socket's send buffer fills to the largest `tcp_wmem` allows before the server's
 * own bounds (which see only what the kernel refuses) notice anything. So an overload run that
 * reports RSS reports this too.
 */
import { readFileSync } from 'fs';

const MB = 1024 * 1024;

/** Pages of TCP buffer memory in a `/proc/net/sockstat` text, or NaN when it has no `TCP:` line. */
export function tcpMemoryPages(sockstat: string): number {
  const pages = /^TCP:.*\bmem (\d+)/m.exec(sockstat)?.[1];
  return pages === undefined ? Number.NaN : Number(pages);
}

/** The kernel's page size in bytes from a `/proc/self/smaps` text (its first `KernelPageSize`). */
export function kernelPageBytes(smaps: string): number {
  const kb = /^KernelPageSize:\s+(\d+) kB/m.exec(smaps)?.[1];
  return kb === undefined ? Number.NaN : Number(kb) * 1024;
}

/** The largest send buffer the kernel grows a TCP socket to (`tcp_wmem`'s third field), bytes. */
export function maxSendBufferBytes(tcpWmem: string): number {
  const fields = tcpWmem.trim().split(/\s+/);
  return fields.length === 3 ? Number(fields[2]) : Number.NaN;
}

const readOr = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // no procfs (not Linux): every figure reads NaN, shown as such
  }
};

let pageBytes: number | undefined;

/** MB of TCP buffers the kernel holds now, for every socket on the machine (NaN without procfs). */
export function kernelTcpMemoryMb(): number {
  pageBytes ??= kernelPageBytes(readOr('/proc/self/smaps'));
  return (tcpMemoryPages(readOr('/proc/net/sockstat')) * pageBytes) / MB;
}

/** `tcp_wmem`'s largest send buffer in MB (NaN without procfs). */
export function maxSendBufferMb(): number {
  return maxSendBufferBytes(readOr('/proc/sys/net/ipv4/tcp_wmem')) / MB;
}

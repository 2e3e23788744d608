import { kernelPageBytes, kernelTcpMemoryMb, maxSendBufferBytes, tcpMemoryPages } from './kernelTcpMemory';

const SOCKSTAT = `sockets: used 8
TCP: inuse 106 orphan 0 tw 6 alloc 107 mem 96021
UDP: inuse 0 mem 0
`;

describe('tcpMemoryPages', () => {
  it('reads the TCP line’s mem, not the UDP one', () => {
    expect(tcpMemoryPages(SOCKSTAT)).toBe(96021);
  });

  it('is NaN for a text with no TCP line', () => {
    expect(tcpMemoryPages('sockets: used 8\nUDP: inuse 0 mem 3\n')).toBeNaN();
    expect(tcpMemoryPages('')).toBeNaN();
  });
});

describe('kernelPageBytes', () => {
  it('takes the first mapping’s KernelPageSize', () => {
    const smaps =
      '55d0-55d1 r--p 00000000 fe:01 1 /usr/bin/node\nSize: 4 kB\nKernelPageSize:       64 kB\nKernelPageSize: 4 kB\n';
    expect(kernelPageBytes(smaps)).toBe(65536);
  });

  it('is NaN without one', () => {
    expect(kernelPageBytes('')).toBeNaN();
  });
});

describe('maxSendBufferBytes', () => {
  it('is tcp_wmem’s third field', () => {
    expect(maxSendBufferBytes('4096\t16384\t4194304\n')).toBe(4194304);
  });

  it('is NaN for anything but three fields', () => {
    expect(maxSendBufferBytes('4096 16384')).toBeNaN();
  });
});

describe('kernelTcpMemoryMb on this machine', () => {
  // Machine-wide, so other tests' sockets move it: only that it reads, not by how much.
  it('reads a number of MB from procfs on Linux, NaN elsewhere', () => {
    const mb = kernelTcpMemoryMb();
    if (process.platform === 'linux') {
      expect(mb).toBeGreaterThanOrEqual(0);
    } else {
      expect(mb).toBeNaN();
    }
  });
});

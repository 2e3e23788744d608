/**
 * `--prometheus-port`: the run's live numbers as Prometheus metrics on `/metrics`, updated once a
 * second from the LiveView, so a long run can be watched (and alerted on) while it goes.
 */
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { Counter, Gauge, Registry } from 'prom-client';
import type { LiveSample } from './LiveView';

export interface LoadMetricsServer {
  port: number;
  update(sample: LiveSample): void;
  close(): Promise<void>;
}

export async function startLoadMetrics(port: number, host = '127.0.0.1'): Promise<LoadMetricsServer> {
  const registry = new Registry();
  const open = new Gauge({
    name: 'mci_load_connections_open',
    help: 'Load-test connections open now',
    registers: [registry],
  });
  const rate = new Gauge({
    name: 'mci_load_messages_per_second',
    help: 'Data events received in the last second',
    registers: [registry],
  });
  const p50 = new Gauge({
    name: 'mci_load_latency_p50_seconds',
    help: 'Median event-to-receipt latency over the last second',
    registers: [registry],
  });
  const p99 = new Gauge({
    name: 'mci_load_latency_p99_seconds',
    help: '99th percentile event-to-receipt latency over the last second',
    registers: [registry],
  });
  const counters = {
    messages: new Counter({ name: 'mci_load_messages_total', help: 'Data events received', registers: [registry] }),
    bytes: new Counter({
      name: 'mci_load_received_bytes_total',
      help: 'WebSocket frame bytes received',
      registers: [registry],
    }),
    gaps: new Counter({
      name: 'mci_load_gaps_total',
      help: 'Places where events may be missing (seq jumps, failed resumes)',
      registers: [registry],
    }),
    reconnects: new Counter({
      name: 'mci_load_reconnects_total',
      help: 'Connections lost and retried by the client',
      registers: [registry],
    }),
  };
  const errors = new Counter({
    name: 'mci_load_errors_total',
    help: 'Errors by protocol code or client-side kind',
    labelNames: ['code'],
    registers: [registry],
  });
  const seen = { messages: 0, bytes: 0, gaps: 0, reconnects: 0 };
  const seenErrors = new Map<string, number>();

  const server: Server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the load tool serves only /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500).end(String(error))
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new Error(`--prometheus-port: cannot listen on ${host}:${port} (${error.message}); pick a free port or 0.`)
      )
    );
    server.listen(port, host, resolve);
  });

  return {
    port: (server.address() as AddressInfo).port,
    update(sample) {
      open.set(sample.open);
      rate.set(sample.messagesPerSecond);
      if (sample.p50Ms !== undefined) {
        p50.set(sample.p50Ms / 1000);
      }
      if (sample.p99Ms !== undefined) {
        p99.set(sample.p99Ms / 1000);
      }
      // Counters only go up: add what the cumulative totals grew by since the last update.
      for (const key of ['messages', 'bytes', 'gaps', 'reconnects'] as const) {
        const value = sample.totals[key];
        counters[key].inc(Math.max(0, value - seen[key]));
        seen[key] = Math.max(seen[key], value);
      }
      for (const [code, count] of Object.entries(sample.totals.errors)) {
        errors.inc({ code }, Math.max(0, count - (seenErrors.get(code) ?? 0)));
        seenErrors.set(code, Math.max(count, seenErrors.get(code) ?? 0));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

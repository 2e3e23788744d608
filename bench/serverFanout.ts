/**
 * Fan-out latency of the simulator server (issue 4): starts `mci-sim serve` at --speed 1 (so event
 * timestamps are wall-clock times), connects N plain `ws` clients subscribed to orders, activity
 * and market, and prints, per event, the delay from the event's timestamp to its arrival at each
 * client (p50/p99/max). Client and server share the machine, so this is an upper bound.
 * Asserts nothing.
 *
 *   npm run bench:server                    (50 clients, 50 synthetic orders/s, 5 s)
 *   npm run bench:server -- 200 100 10      (clients, orders per second, seconds)
 */
import WebSocket from 'ws';
import { startSimulator } from '../tests/support/simulator';

async function main() {
  const [clients = 50, ordersPerSecond = 50, seconds = 5] = process.argv.slice(2).map(Number);
  const sim = await startSimulator({ args: ['--orders-per-second', String(ordersPerSecond)] });
  const delays: Record<string, number[]> = {};
  const sockets = await Promise.all(
    Array.from(
      { length: clients },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(sim.wsUrl);
          ws.on('open', () => {
            ws.send(JSON.stringify({ event: 'subscribe', data: { channels: ['orders', 'activity', 'market'] } }));
            resolve(ws);
          });
          ws.on('error', reject);
          ws.on('message', (data) => {
            const at = Date.now();
            const message = JSON.parse(data.toString());
            if (message.seq !== undefined && !message.snapshot && typeof message.data?.timestamp === 'number') {
              (delays[message.event] ??= []).push(at - message.data.timestamp);
            }
          });
        })
    )
  );
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  sockets.forEach((ws) => ws.close());
  await sim.stop();
  const rows = Object.entries(delays).map(([event, values]) => {
    values.sort((a, b) => a - b);
    const at = (q: number) => values[Math.floor(q * (values.length - 1))];
    return { event, deliveries: values.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: values[values.length - 1] };
  });
  console.log(`server fan-out latency: ${clients} clients, ${ordersPerSecond} synthetic orders/s, ${seconds} s`);
  console.table(rows);
  console.log(JSON.stringify({ clients, ordersPerSecond, seconds, rows }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

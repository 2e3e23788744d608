/**
 * The compose `scale` profile, structurally (no Docker engine runs here): Redis, one engine, two
 * gateways on that Redis and a load balancer whose upstreams are exactly those gateways.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { ROOT, readYaml } from '../support/provisioning';

interface Service {
  profiles?: string[];
  image?: string;
  command?: string[];
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  environment?: Record<string, string>;
}

const compose = readYaml<{ services: Record<string, Service> }>(join(ROOT, 'docker-compose.yaml'));
const inScale = Object.entries(compose.services).filter(([, service]) => service.profiles?.includes('scale'));
const named = (name: string) => compose.services[name];
const flag = (service: Service, name: string) => service.command?.[service.command.indexOf(name) + 1];
const gatewayNames = inScale.filter(([, service]) => service.command?.[0] === 'gateway').map(([name]) => name);

describe('docker-compose.yaml scale profile', () => {
  it('holds Redis, one engine, two gateways and a load balancer, and nothing of the default stack', () => {
    expect(inScale.map(([name]) => name).sort()).toEqual([
      'engine',
      'gateway-1',
      'gateway-2',
      'load-balancer',
      'redis',
    ]);
    expect(inScale.filter(([, service]) => service.command?.[0] === 'engine')).toHaveLength(1);
    expect(gatewayNames).toHaveLength(2);
    for (const name of ['simulator', 'prometheus', 'grafana']) {
      expect({ name, profiles: named(name).profiles }).toEqual({ name, profiles: undefined });
    }
  });

  it('points the engine and every gateway at the Redis service', () => {
    for (const name of ['engine', ...gatewayNames]) {
      const url = new URL(flag(named(name), '--redis') ?? 'missing:');
      expect({ name, host: url.hostname, protocol: url.protocol }).toEqual({ name, host: 'redis', protocol: 'redis:' });
      expect(named(name).depends_on?.redis?.condition).toBe('service_healthy');
    }
  });

  it('gives the gateways the same credentials as the single-process simulator', () => {
    for (const name of gatewayNames) {
      expect(named(name).environment).toEqual(named('simulator').environment);
      expect(flag(named(name), '--host')).toBe('0.0.0.0');
    }
  });

  it('balances over exactly the two gateways, with WebSocket upgrades passed through', () => {
    const balancer = named('load-balancer');
    const mount = balancer.volumes!.find((volume) => volume.includes('nginx'))!;
    const conf = readFileSync(join(ROOT, mount.split(':')[0]), 'utf8');
    const upstreams = [...conf.matchAll(/^\s*server\s+([\w-]+):(\d+)/gm)].map((match) => `${match[1]}:${match[2]}`);
    expect(upstreams.sort()).toEqual(gatewayNames.map((name) => `${name}:${flag(named(name), '--port')}`).sort());
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(conf).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(Object.keys(balancer.depends_on ?? {}).sort()).toEqual([...gatewayNames].sort());
    const listen = /listen\s+(\d+);/.exec(conf)![1];
    expect(balancer.ports).toEqual([`8090:${listen}`]);
  });

  it('checks the health of every service of the profile', () => {
    for (const [name, service] of inScale) {
      expect({ name, test: service.healthcheck?.test?.[0] }).toEqual({ name, test: 'CMD' });
    }
  });
});

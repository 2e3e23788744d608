# syntax=docker/dockerfile:1
# The mci-sim harness (simulator server, load tool and Prometheus bridge) as the lean package
# load testers install (docs/sim-package.md), built from this repository:
#   docker build -f docker/simulator.Dockerfile -t mci-sim .

# Build stage: the runtime dependencies (esbuild comes with tsx) and the sources the CLI imports,
# bundled and packed by the same script as `npm run package:sim`.
FROM node:22-bookworm-slim AS build
WORKDIR /build
# Install scripts stay off: esbuild ships its binary as an optional dependency.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY simulator ./simulator
COPY src/protocol ./src/protocol
COPY src/client ./src/client
COPY scripts/packageSim.ts ./scripts/packageSim.ts
COPY scripts/package/simPackage.ts ./scripts/package/simPackage.ts
COPY docs/sim-package.md ./docs/sim-package.md
COPY LICENSE ./LICENSE
RUN npx tsx scripts/packageSim.ts

# The image: Node and the one packed tarball, installed as a load tester would (no registry
# needed: the package has no dependencies). The store runs in memory (no native SQLite module).
FROM node:22-bookworm-slim
ENV NODE_ENV=production
COPY --from=build /build/dist-package/ /tmp/mci-sim/
RUN npm install --global --offline --no-audit --no-fund /tmp/mci-sim/mci-sim-*.tgz \
  && rm -rf /tmp/mci-sim && npm cache clean --force
WORKDIR /home/node
USER node
# 8080: `serve` (WebSocket /telemetry, REST, /metrics); 9464: `bridge` (/metrics).
EXPOSE 8080 9464
ENTRYPOINT ["mci-sim"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]

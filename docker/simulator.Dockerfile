# syntax=docker/dockerfile:1
# The mci-sim harness (simulator server and Prometheus bridge), built from this repository:
#   docker build -f docker/simulator.Dockerfile -t mci-sim .
# It runs the TypeScript sources through tsx (a runtime dependency), so there is no build step.
FROM node:22-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production

# Runtime dependencies only; install scripts are not needed (esbuild ships its binary as an
# optional dependency) and stay off.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# What the CLI imports at run time (a test walks its imports): the CLI, the simulator, the
# shared protocol and the protocol client (the bridge and the load tool speak through it).
COPY bin ./bin
COPY simulator ./simulator
COPY src/protocol ./src/protocol
COPY src/client ./src/client

USER node
# 8080: `serve` (WebSocket /telemetry, REST, /metrics); 9464: `bridge` (/metrics).
EXPOSE 8080 9464
ENTRYPOINT ["node", "bin/mci-sim.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]

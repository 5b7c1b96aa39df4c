# One image for every Marquee process: the services and the local-stack emulators share the workspace, and
# TypeScript runs through Node's type stripping, so nothing is compiled. Choose the process with the command,
# e.g. `node services/ingest/src/main.ts` (docker-compose.yml and k8s/ do).
#
# Two stages: `deps` installs the production dependencies with pnpm; the runtime stage gets those
# node_modules trees and the sources that run (.dockerignore keeps out tests, benches, docs and dev tools),
# without pnpm or its store.

FROM node:24-slim AS deps
WORKDIR /app
# The version package.json's packageManager names, so the lockfile is read by the pnpm that wrote it.
RUN npm install -g --no-fund --no-audit pnpm@10.34.9 && npm cache clean --force
# Manifests first, so the dependency layer is reused while only sources change. Every workspace package is
# listed (pnpm checks the lockfile against all of them); a new package needs a line here.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY emulators/eventhubs/package.json emulators/eventhubs/
COPY emulators/cosmos/package.json emulators/cosmos/
COPY emulators/stack/package.json emulators/stack/
COPY libs/domain/package.json libs/domain/
COPY libs/platform/package.json libs/platform/
COPY libs/change-feed-processor/package.json libs/change-feed-processor/
COPY libs/category-cache/package.json libs/category-cache/
COPY libs/catalog-store/package.json libs/catalog-store/
COPY services/ingest/package.json services/ingest/
COPY services/projector/package.json services/projector/
COPY services/cache-sync/package.json services/cache-sync/
COPY services/api/package.json services/api/
COPY services/datagen/package.json services/datagen/
COPY services/seed/package.json services/seed/
COPY services/exporter/package.json services/exporter/
COPY test/package.json test/
COPY k8s/package.json k8s/
COPY infra/package.json infra/
# Only what the services, their libraries and the two emulators need at run time: not the stack launcher (it
# brings Azurite, which runs as its own container) nor the test helpers.
RUN pnpm install --frozen-lockfile --prod --ignore-scripts \
      --filter './services/*' --filter './libs/*' --filter './emulators/cosmos' --filter './emulators/eventhubs' \
  && rm -rf /root/.local/share/pnpm /root/.cache

FROM node:24-slim
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG SOURCE=https://github.com/contoso/marquee
LABEL org.opencontainers.image.title="marquee" \
      org.opencontainers.image.description="Marquee: event-sourced real-time analytics for Contoso Movies (every service and the local Azure stack)" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
# Inside a container the API and the ops endpoints (/healthz, /readyz, /metrics) must answer on every
# interface for probes and Prometheus; outside one the ops servers bind to 127.0.0.1 by default.
# NODE_COMPILE_CACHE: node's compile cache (scripts/compile-cache.ts), warmed below, so that no process of this
# image loads node's TypeScript stripper (~25 MiB RSS) or compiles its modules again at start.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    OPS_HOST=0.0.0.0 \
    NODE_COMPILE_CACHE=/app/node_modules/.cache/node-compile-cache
WORKDIR /app
COPY --from=deps /app /app
COPY . .
# uid 1000 by number (Kubernetes' runAsNonRoot cannot check a name). The emulators write only under /data,
# which must exist and belong to that user before a named volume is mounted on it, or the volume is root's.
RUN mkdir -p /data "$NODE_COMPILE_CACHE" && chown 1000:1000 /data "$NODE_COMPILE_CACHE" && chmod 0750 /data
USER 1000:1000
# Warmed as uid 1000 because node keys its cache by uid (another uid misses and runs without it). It need not be
# writable at run time (compose's read_only and Kubernetes' readOnlyRootFilesystem keep it read-only): it holds
# every module each entry imports statically, the sources never change inside the image, and what loads later
# (the Event Hubs and Blob SDKs, plain JavaScript) is compiled as without a cache; node skips the write quietly.
RUN node scripts/compile-cache.ts
# Probes whatever this container runs: the api's /readyz, a worker's ops port, an emulator's own port.
HEALTHCHECK --interval=5s --timeout=10s --start-period=120s --retries=5 \
  CMD ["bash", "scripts/healthcheck.sh"]
# node is PID 1 with an exec-form command, so SIGTERM reaches the service's own drain-and-close handler.
CMD ["node", "services/api/src/main.ts"]

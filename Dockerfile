# One image for every Marquee process: the services and the local-stack emulators share the workspace, and
# TypeScript runs through Node's type stripping, so there is no build stage. Choose the process with the
# command, e.g. `node services/ingest/src/main.ts` (docker-compose.yml and k8s/ do).
FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
RUN npm install -g pnpm@10 && npm cache clean --force
# Manifests first, so dependency layers are reused while only source changes.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY emulators/eventhubs/package.json emulators/eventhubs/
COPY emulators/cosmos/package.json emulators/cosmos/
COPY emulators/stack/package.json emulators/stack/
COPY libs/domain/package.json libs/domain/
COPY libs/platform/package.json libs/platform/
COPY libs/change-feed-processor/package.json libs/change-feed-processor/
COPY libs/category-cache/package.json libs/category-cache/
COPY services/ingest/package.json services/ingest/
COPY services/projector/package.json services/projector/
COPY services/cache-sync/package.json services/cache-sync/
COPY services/api/package.json services/api/
COPY services/datagen/package.json services/datagen/
COPY services/seed/package.json services/seed/
COPY test/package.json test/
RUN pnpm install --frozen-lockfile --prod
COPY . .
USER node
# Inside a container the ops endpoints (/healthz, /readyz, /metrics) must be reachable by the orchestrator;
# outside one they bind to 127.0.0.1 by default.
ENV OPS_HOST=0.0.0.0
# Each service reads its settings from the environment; see the README's configuration tables.
CMD ["node", "services/api/src/main.ts"]

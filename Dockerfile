# hegui: one image for `hegui serve` and `hegui workers` (docs/deploy.md).
#
#   docker build -t hegui .
#   docker run --rm -p 8080:8080 hegui                      # serve on :8080
#   docker run --rm -e REDIS_URL=redis://… hegui workers --metrics-port 9464 --metrics-host 0.0.0.0
#
# Build stage: nodejieba builds from source (python3, make, g++), TypeScript is
# compiled, dev dependencies are pruned. Runtime stage: the slim Node image,
# the compiled code and production node_modules only (with what the package ships: lexicons,
# config, models, the review page and the review store's migrations), as the non-root `node` user.

ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# No lifecycle scripts yet (the package's own `prepare` builds, and the sources are not here yet);
# then the native modules are built on their own.
RUN npm ci --no-audit --no-fund --ignore-scripts \
 && npm rebuild nodejieba msgpackr-extract --foreground-scripts
COPY tsconfig.json ./
COPY src ./src
COPY workers ./workers
# The generator (tools/gen) is imported by the learned model's trainer (src/semantic/data.ts); compiled here, not shipped.
COPY tools ./tools
RUN npx tsc -p tsconfig.json && npm prune --omit=dev --ignore-scripts

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HEGUI_LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/workers ./dist/workers
COPY package.json ./
COPY bin ./bin
COPY config ./config
COPY lexicons ./lexicons
COPY migrations ./migrations
COPY models ./models
COPY web ./web
# Files are root's and read-only to the process; it runs as `node` (uid 1000).
# The lexicon bundle cache of `hegui rescan --local` goes to /tmp.
USER node
EXPOSE 8080 9464
ENTRYPOINT ["node", "bin/hegui.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]

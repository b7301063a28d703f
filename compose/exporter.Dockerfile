# Glass Gallery exporter image. Build from the repository root:
#   docker build -f compose/exporter.Dockerfile -t glass-gallery/exporter .

# Production dependencies, with better-sqlite3 compiled here against musl and Node 24 so the
# runtime image needs no compiler.
FROM node:24-alpine AS deps
RUN apk add --no-cache python3 make g++
WORKDIR /src
COPY package.json package-lock.json ./
COPY exporter/package.json exporter/
COPY alerting/package.json alerting/
COPY grafana-plugin/package.json grafana-plugin/
ENV npm_config_build_from_source=true
RUN npm ci --omit=dev --workspace exporter --no-audit --no-fund \
 && mkdir -p exporter/node_modules

# TypeScript build with the development tools, kept out of the final image.
FROM node:24-alpine AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json ./
COPY exporter/package.json exporter/
COPY alerting/package.json alerting/
COPY grafana-plugin/package.json grafana-plugin/
RUN npm ci --workspace exporter --include-workspace-root --ignore-scripts --no-audit --no-fund
COPY exporter/ exporter/
RUN npm run build --workspace exporter

FROM node:24-alpine
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /src/package.json ./
COPY --from=deps /src/node_modules ./node_modules
COPY --from=deps /src/exporter/node_modules ./exporter/node_modules
COPY --from=build /src/exporter/package.json ./exporter/
COPY --from=build /src/exporter/dist ./exporter/dist
USER node
EXPOSE 9617 1883
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:9617/healthz || exit 1
# The same V8 flags as the CLI's shebang: a small young generation and memory-saving heap
# growth keep the resident size of a long first read of the Pi-hole database down, an exposed
# gc lets the collector return that read's garbage at once, and one V8 helper thread is enough.
ENTRYPOINT ["node", "--max-semi-space-size=2", "--optimize-for-size", "--expose-gc", "--v8-pool-size=1", "/app/exporter/dist/cli.js"]

# Glass Gallery mailer image. Build from the repository root:
#   docker build -f compose/mailer.Dockerfile -t glass-gallery/mailer .

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
RUN npm ci --omit=dev --workspace alerting --no-audit --no-fund \
 && mkdir -p alerting/node_modules

# TypeScript build with the development tools, kept out of the final image.
FROM node:24-alpine AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json ./
COPY exporter/package.json exporter/
COPY alerting/package.json alerting/
COPY grafana-plugin/package.json grafana-plugin/
RUN npm ci --workspace alerting --include-workspace-root --ignore-scripts --no-audit --no-fund
COPY alerting/ alerting/
RUN npm run build --workspace alerting

FROM node:24-alpine
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /src/package.json ./
COPY --from=deps /src/node_modules ./node_modules
COPY --from=deps /src/alerting/node_modules ./alerting/node_modules
COPY --from=build /src/alerting/package.json ./alerting/
COPY --from=build /src/alerting/dist ./alerting/dist
# The outbox lives here; a named volume mounted on it takes over this ownership.
RUN mkdir -p /var/lib/glass-mailer && chown node:node /var/lib/glass-mailer
USER node
EXPOSE 9095
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:9095/healthz || exit 1
ENTRYPOINT ["node", "/app/alerting/dist/cli.js"]

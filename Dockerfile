# Parley on Node in one container: the database (and parley.secret) live in the volume at /data.
#   docker build -t parley .
#   docker run -d -p 8787:8787 -v parley-data:/data -e PARLEY_DEMO=false parley
# See docs/operating.md#a-container (compose.yaml is an example with every setting).

# Build: all dependencies (esbuild bundles the server and the browser scripts), then only the runtime's.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 downloads a prebuilt binary; these build it from source where none fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build-assets.ts ./scripts/
COPY bin ./bin
COPY drizzle ./drizzle
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Run: what `npm start` runs, without its build step (the image is built already) and without npm in
# between, so the server itself receives docker stop's SIGTERM and stops gracefully.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    PARLEY_DB=/data/parley.db
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/drizzle ./drizzle
COPY --from=build /app/bin ./bin
# The image's own user `node` (uid 1000), never root; it owns the volume's mount point.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
# Slim images have no curl: Node's fetch asks /healthz (200 while the process runs and the database answers).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=8", "dist/node/server.mjs"]

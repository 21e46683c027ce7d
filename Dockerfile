# syntax=docker/dockerfile:1
# Build: compile TypeScript and the native SQLite binding with the full toolchain.
FROM node:20-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# npm ci builds (the `prepare` script): the sources and the build's script come first. vendor/
# holds a dependency override (package.json "overrides").
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY vendor ./vendor
COPY scripts ./scripts
COPY src ./src
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

# Run: only what the server needs, as an unprivileged user, the database on a volume.
FROM node:20-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATABASE_PATH=/data/undersigned.db
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY migrations ./migrations
COPY data/sample ./data/sample
COPY views ./views
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/server.js"]

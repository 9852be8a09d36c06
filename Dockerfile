# The Feedloop service (ingest, query API, widget and dashboard hosting) built from this repo.
FROM node:20-bookworm-slim
ENV PNPM_VERSION=10.34.9 CI=true
RUN npm install --global "pnpm@${PNPM_VERSION}"
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile && pnpm build
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8787 FEEDLOOP_DATA_DIR=/data
# Bounded V8 heap (see docs/benchmarks.md): under load the service stays far below 200 MB. Raise
# --max-old-space-size with NODE_OPTIONS if a deployment needs more.
ENV NODE_OPTIONS="--max-semi-space-size=16 --max-old-space-size=128"
# The data volume (demo keys; PGlite data when no DATABASE_URL is given) belongs to the runtime user.
RUN mkdir -p /data && chown node:node /data
EXPOSE 8787
USER node
CMD ["node", "apps/server/dist/main.js"]

# The Feedloop service (ingest, query API, widget and dashboard hosting) built from this repo.
# Two stages: `build` installs every dependency and builds the whole workspace; the runtime
# stage receives only what runs: the server's compiled code with its production dependencies,
# and the static files it serves (widget bundle, dashboard, demo page).

FROM node:20-bookworm-slim AS build
ENV PNPM_VERSION=10.34.9 CI=true
RUN npm install --global "pnpm@${PNPM_VERSION}"
WORKDIR /repo
# Packages first, from the lockfile alone: a source change does not download them again.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline && pnpm build
# The server and its production dependencies in /out, @feedloop/protocol copied in rather than
# linked. --legacy: pnpm 10 deploys a workspace without inject-workspace-packages this way.
RUN pnpm --filter @feedloop/server deploy --prod --legacy /out \
  && find /out/dist \( -name '*.d.ts' -o -name '*.d.ts.map' \) -delete

FROM node:20-bookworm-slim
WORKDIR /app
# The repository's layout, kept: the server finds the static files it serves from its own place
# (apps/server/src/paths.ts).
COPY --from=build /out/package.json apps/server/package.json
COPY --from=build /out/dist apps/server/dist
COPY --from=build /out/node_modules apps/server/node_modules
COPY --from=build /repo/packages/widget/dist packages/widget/dist
COPY --from=build /repo/apps/dashboard/dist apps/dashboard/dist
COPY --from=build /repo/apps/demo apps/demo
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8787 FEEDLOOP_DATA_DIR=/data
# Bounded V8 heap (see docs/benchmarks.md): under load the service stays far below 200 MB. Raise
# --max-old-space-size with NODE_OPTIONS if a deployment needs more.
ENV NODE_OPTIONS="--max-semi-space-size=16 --max-old-space-size=128"
# The data volume (demo keys; PGlite data when no DATABASE_URL is given) belongs to the runtime
# user; the code stays root's, read-only to the service.
RUN mkdir -p /data && chown node:node /data
EXPOSE 8787
USER node
# Ready means the database answers (/readyz), not only that the process is up.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/server/dist/main.js"]

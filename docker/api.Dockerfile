# syntax=docker/dockerfile:1
# The API image (docs/adr/0018-production-deployment.md). Build from the repository root:
#   docker build -f docker/api.Dockerfile -t complaintflow-api .
# Stage 1 installs every dependency and builds (tsc -b + the workflow bundle); stage 2 keeps the production
# dependencies and the compiled output, and runs as the unprivileged `node` user.
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm install --no-audit --no-fund \
  && npm run build \
  && npm prune --omit=dev --no-audit --no-fund

FROM node:20.20.2-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM: stop accepting, finish the requests in flight, close the connections (apps/api/src/main.ts).
STOPSIGNAL SIGTERM
CMD ["node", "apps/api/dist/main.js"]

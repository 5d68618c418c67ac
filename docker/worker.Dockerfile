# syntax=docker/dockerfile:1
# The worker image (docs/adr/0018-production-deployment.md). Build from the repository root:
#   docker build -f docker/worker.Dockerfile -t complaintflow-worker .
# `npm run build` writes the prebuilt workflow bundle (workflows/dist/workflow-bundle.js, apps/worker/src/bundle.ts),
# which the worker loads at boot instead of bundling. Runs as the unprivileged `node` user.
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm install --no-audit --no-fund \
  && npm run build \
  && test -s workflows/dist/workflow-bundle.js \
  && npm prune --omit=dev --no-audit --no-fund

FROM node:20.20.2-bookworm-slim
ENV NODE_ENV=production \
    WORKER_HTTP_HOST=0.0.0.0 \
    WORKER_HEALTH_PORT=8080 \
    WORKER_METRICS_PORT=9464
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
# 8080: /health; 9464: the Temporal SDK's Prometheus metrics.
EXPOSE 8080 9464
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.WORKER_HEALTH_PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM: stop polling, let running activities finish within WORKER_SHUTDOWN_GRACE_MS (apps/worker/src/main.ts);
# give the container at least that long to stop (compose: stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "apps/worker/dist/main.js"]

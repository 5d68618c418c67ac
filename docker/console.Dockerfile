# syntax=docker/dockerfile:1
# The console's static build (apps/console, output apps/console/dist) served by an unprivileged nginx.
#   docker build -f docker/console.Dockerfile -t complaintflow-console .
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm install --no-audit --no-fund \
  && npm run build --workspace apps/console \
  && test -s apps/console/dist/index.html

FROM nginxinc/nginx-unprivileged:1.29.1-alpine
COPY docker/console.nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/apps/console/dist /usr/share/nginx/html
USER nginx
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health"]
CMD ["nginx", "-g", "daemon off;"]

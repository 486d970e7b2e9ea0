# ssm-graph: the compiled gateway on plain Node. Not built on the development machines (no
# Docker engine there); kept small and conventional. Build: docker build -t ssm-graph .

# 1. Build: every dependency, then `npm run build` (dist/: the server, the emulator, the explorer page).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json schema.graphql schema.subgraph.graphql ./
COPY src ./src
RUN npm run build

# 2. Run: production dependencies and dist/ only, as the unprivileged `node` user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=4000 AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
# Liveness: /health answers without calling SSM (readiness, /ready, is for the load balancer).
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node runs as PID 1, no shell between: SIGTERM reaches the server, which drains (SHUTDOWN_TIMEOUT_MS).
CMD ["node", "dist/main.js"]

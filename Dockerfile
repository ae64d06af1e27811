# syntax=docker/dockerfile:1
# The relay as an image: `docker build -t borica-relay .` (from the repository root).
# Stage 1 packs the packages the way npm users get them (pnpm pack runs each prepack build); stage 2
# installs them for production with deploy/install-relay.sh, the same script the packaging test runs
# (test/packaging); the last stage holds only node, the relay and its production dependencies.

FROM node:20-bookworm AS workspace
WORKDIR /src
RUN npm install -g pnpm@12.4.2
COPY . .
RUN pnpm install --frozen-lockfile \
 && mkdir /tarballs \
 && (cd packages/protocol && pnpm pack --pack-destination /tarballs) \
 && (cd packages/relay && pnpm pack --pack-destination /tarballs) \
 && pnpm --filter @borica-identify/widget build \
 && mkdir /pki && chown -R node:node /pki packages/widget/dist demo
# (this stage is also compose.yaml's image for the simulator and the demo, run as `node`)

# The full image has python3, make and g++ in case better-sqlite3 has no prebuilt binary for the platform.
FROM node:20-bookworm AS install
COPY --from=workspace /tarballs /tarballs
COPY deploy/install-relay.sh /usr/local/bin/install-relay
RUN install-relay /tarballs /app

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    RELAY_STORE=sqlite:/data/relay.sqlite
COPY --from=install /app /app
# `node` is the image's unprivileged user; it owns only the data folder.
RUN mkdir /data && chown node:node /data
USER node
WORKDIR /app
VOLUME /data
EXPOSE 8787
# /readyz: 200 only when the store answers (a stopped Redis or a read-only disk makes it 503).
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/app/node_modules/.bin/borica-relay"]

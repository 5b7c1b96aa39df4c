#!/usr/bin/env bash
# The image's HEALTHCHECK. One image runs every process, so it looks at what this container runs and probes
# that: the api's /readyz, a worker's /readyz on its ops port, the Cosmos emulator's HTTP port (any answer),
# the Event Hubs emulator's AMQP port (a connection). datagen and seed have nothing to probe: healthy while
# they run. Bash, not node: it runs every few seconds in every container, and starting node costs far more
# CPU than the probe. Exit 0 healthy, 1 not (Docker's contract).
set -u

# The container's node process: PID 1, or the first one running a Marquee entry point (under `--init`).
args=()
for cmdline in /proc/1/cmdline /proc/[0-9]*/cmdline; do
  mapfile -d '' args <"$cmdline" 2>/dev/null || continue
  case "${args[*]}" in *src/main.ts* | *src/cli.ts*) break ;; esac
  args=()
done

script='' port=''
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    *.ts) [ -n "$script" ] || script=${args[i]} ;;
    --port) port=${args[i + 1]:-} ;;
  esac
done

# GET path on 127.0.0.1:port; with `any`, every HTTP answer counts (an emulator wanting a key says 401).
http_ok() {
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
  local status=''
  read -r -t 8 _ status _ <&3 || return 1
  exec 3<&-
  [ "$3" = any ] || [ "$status" = 200 ] || { echo "GET $2 answered $status"; return 1; }
}

case "$script" in
  *services/api/*) http_ok "${PORT:-8080}" /readyz ok ;;
  *services/ingest/*) http_ok "${OPS_PORT:-9091}" /readyz ok ;;
  *services/projector/*) http_ok "${OPS_PORT:-9092}" /readyz ok ;;
  *services/cache-sync/*) http_ok "${OPS_PORT:-9093}" /readyz ok ;;
  *emulators/cosmos/*) http_ok "${port:-8081}" / any ;;
  *emulators/eventhubs/*) (exec 3<>"/dev/tcp/127.0.0.1/${port:-5672}") ;;
  *) true ;;
esac

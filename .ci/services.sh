# Services for the integration tests, sourced by ./test.sh (the README's test command; `set -euo pipefail`).
# Installs Debian's nats-server if missing, starts it with JetStream on 127.0.0.1 on a free port with its
# store in a temporary folder, exports LCPFN_NATS_URL for the tests, and stops it when the sourcing script exits.

lcpfn_nats_bin() {
  command -v nats-server 2>/dev/null || { [ -x /usr/sbin/nats-server ] && echo /usr/sbin/nats-server; } || true
}

if [ -z "$(lcpfn_nats_bin)" ]; then
  echo "installing nats-server (Debian package)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""
  elif command -v sudo >/dev/null; then SUDO="sudo"
  else echo "nats-server is missing and neither root nor sudo is available: install it (apt-get install -y nats-server) and rerun" >&2; exit 1
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nats-server >/dev/null
fi
LCPFN_NATS_BIN="$(lcpfn_nats_bin)"
[ -n "$LCPFN_NATS_BIN" ] || { echo "nats-server could not be installed" >&2; exit 1; }
"$LCPFN_NATS_BIN" --version

lcpfn_free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
  else
    local p
    for _ in $(seq 1 50); do
      p=$(( 20000 + RANDOM % 30000 ))
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
    done
    return 1
  fi
}

LCPFN_NATS_DIR="$(mktemp -d -t lcpfn-nats.XXXXXX)"
LCPFN_NATS_PORT="$(lcpfn_free_port)"
"$LCPFN_NATS_BIN" -a 127.0.0.1 -p "$LCPFN_NATS_PORT" -js -sd "$LCPFN_NATS_DIR/store" -l "$LCPFN_NATS_DIR/nats.log" &
LCPFN_NATS_PID=$!

lcpfn_stop_nats() {
  if [ -n "${LCPFN_NATS_PID:-}" ] && kill -0 "$LCPFN_NATS_PID" 2>/dev/null; then
    kill "$LCPFN_NATS_PID" 2>/dev/null || true
    wait "$LCPFN_NATS_PID" 2>/dev/null || true
  fi
  rm -rf "${LCPFN_NATS_DIR:-/nonexistent-lcpfn}"
}
trap lcpfn_stop_nats EXIT

for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$LCPFN_NATS_PORT") 2>/dev/null; then break; fi
  kill -0 "$LCPFN_NATS_PID" 2>/dev/null || { cat "$LCPFN_NATS_DIR/nats.log" >&2; echo "nats-server exited" >&2; exit 1; }
  sleep 0.1
done
(exec 3<>"/dev/tcp/127.0.0.1/$LCPFN_NATS_PORT") 2>/dev/null || { echo "nats-server did not open port $LCPFN_NATS_PORT" >&2; exit 1; }
export LCPFN_NATS_URL="nats://127.0.0.1:$LCPFN_NATS_PORT"
echo "nats-server $LCPFN_NATS_URL (JetStream, store $LCPFN_NATS_DIR/store, pid $LCPFN_NATS_PID)"

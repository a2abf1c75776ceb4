#!/usr/bin/env bash
# Starts and stops moto (https://github.com/getmoto/moto) in server mode on 127.0.0.1 for the integration tests.
#
#   ops/scripts/s3-test-server.sh start   # installs moto into .build-moto/venv if absent, starts two servers, prints
#                                         # `export …` lines: eval "$(ops/scripts/s3-test-server.sh start)"
#   ops/scripts/s3-test-server.sh install  # only installs moto (ops/test.sh does it while the build runs)
#   ops/scripts/s3-test-server.sh stop    # stops the servers this script started (by their pid files)
#
# Two servers: a plain one on S3_TEST_PORT (default 9200) that accepts any credentials, and one on
# S3_TEST_AUTH_PORT (default S3_TEST_PORT+1) that checks signatures and IAM policies
# (moto's INITIAL_NO_AUTH_ACTION_COUNT), with a user and bucket made here; the user's policy is
# ops/archive-iam-policy.json, the minimal one ops/README.md documents.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="$ROOT/.build-moto"
VENV="$STATE/venv"
PORT="${S3_TEST_PORT:-9200}"
AUTH_PORT="${S3_TEST_AUTH_PORT:-$((PORT + 1))}"
MOTO_SPEC="${MOTO_SPEC:-moto[server]>=5.1,<6}"
WAIT_SECONDS="${S3_TEST_WAIT_SECONDS:-60}"

say() { echo "s3-test-server: $*" >&2; }
fail() { say "error: $*"; exit 1; }

install_moto() {
    if [[ -x "$VENV/bin/moto_server" ]]; then return; fi
    say "creating $VENV and installing '$MOTO_SPEC' from PyPI"
    mkdir -p "$STATE"
    python3 -m venv "$VENV" || fail "python3 -m venv failed (is python3-venv installed?)"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --timeout 60 "$MOTO_SPEC" \
        || fail "pip install '$MOTO_SPEC' failed"
    [[ -x "$VENV/bin/moto_server" ]] || fail "moto_server missing after pip install"
}

# Waits (bounded) until the server on port $1 answers HTTP; fails with its log otherwise.
wait_until_up() {
    local port="$1" log="$2" pid="$3"
    if ! "$VENV/bin/python" - "$port" "$WAIT_SECONDS" "$pid" <<'EOF'; then
import os, sys, time, urllib.request, urllib.error
port, limit, pid = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
deadline = time.monotonic() + limit
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("moto exited")
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/data.json", timeout=2).read()
        sys.exit(0)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        time.sleep(0.25)
sys.exit(1)
EOF
        tail -n 20 "$log" >&2
        fail "moto on 127.0.0.1:$port did not answer within ${WAIT_SECONDS}s (log: $log)"
    fi
}

port_in_use() {
    "$VENV/bin/python" - "$1" <<'EOF'
import socket, sys
sys.exit(0 if socket.socket().connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
EOF
}

# Starts one moto_server on port $1 (name $2), extra environment in the remaining arguments.
start_one() {
    local port="$1" name="$2"; shift 2
    local pidfile="$STATE/$name.pid" log="$STATE/$name.log"
    if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        say "$name already running (pid $(cat "$pidfile"))"
        return
    fi
    if port_in_use "$port"; then
        fail "port $port is taken by another process; set S3_TEST_PORT (and S3_TEST_AUTH_PORT)"
    fi
    env "$@" nohup "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
    echo $! >"$pidfile"
    wait_until_up "$port" "$log" "$(cat "$pidfile")"
    say "$name listening on 127.0.0.1:$port (pid $(cat "$pidfile"))"
}

# Makes the IAM user and bucket of the checking server with its first 4 requests, the only ones moto lets through
# unchecked (INITIAL_NO_AUTH_ACTION_COUNT=4). The user gets the README's minimal policy, for that bucket.
setup_auth_user() {
    [[ -f "$STATE/auth.env" ]] && return
    "$VENV/bin/python" - "$AUTH_PORT" "$ROOT/ops/archive-iam-policy.json" >"$STATE/auth.env" <<'EOF'
import sys, boto3
port, policy = sys.argv[1], open(sys.argv[2]).read()
iam = boto3.client("iam", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                   aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
iam.create_user(UserName="mataresit-archive")
key = iam.create_access_key(UserName="mataresit-archive")["AccessKey"]
iam.put_user_policy(UserName="mataresit-archive", PolicyName="archive", PolicyDocument=policy)
s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                  aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
s3.create_bucket(Bucket="mataresit-auth-test")
print("export MATARESIT_TEST_S3_AUTH_BUCKET=mataresit-auth-test")
print(f"export MATARESIT_TEST_S3_AUTH_KEY_ID={key['AccessKeyId']}")
print(f"export MATARESIT_TEST_S3_AUTH_SECRET={key['SecretAccessKey']}")
EOF
}

print_env() {
    echo "export MATARESIT_TEST_S3_ENDPOINT=http://127.0.0.1:$PORT"
    echo "export MATARESIT_TEST_S3_AUTH_ENDPOINT=http://127.0.0.1:$AUTH_PORT"
    cat "$STATE/auth.env"
}

start() {
    install_moto
    start_one "$PORT" moto
    if [[ ! -f "$STATE/auth.env" ]] || ! kill -0 "$(cat "$STATE/moto-auth.pid" 2>/dev/null)" 2>/dev/null; then
        rm -f "$STATE/auth.env"
        start_one "$AUTH_PORT" moto-auth INITIAL_NO_AUTH_ACTION_COUNT=4
        setup_auth_user || fail "could not create the IAM user on the checking server"
    fi
    print_env
}

stop_one() {
    local pidfile="$STATE/$1.pid"
    [[ -f "$pidfile" ]] || return 0
    local pid; pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
        say "stopped $1 (pid $pid)"
    fi
    rm -f "$pidfile"
}

stop() {
    stop_one moto
    stop_one moto-auth
    rm -f "$STATE/auth.env"
}

case "${1:-}" in
    install) install_moto ;;
    start) start ;;
    stop) stop ;;
    env) print_env ;;
    *) echo "usage: $0 install|start|stop|env" >&2; exit 2 ;;
esac

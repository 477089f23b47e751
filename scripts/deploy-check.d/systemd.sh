# Sourced by scripts/deploy-check: deploy/goald.service under a real systemd (nspawn).
# Matches use `grep -c ... >/dev/null`, never `grep -q`: under pipefail, grep -q quitting at
# the first match makes the writer (curl, journalctl) fail on a closed pipe once its output
# is long, and the check then fails for a line that is there.
say "systemd: booting bookworm in systemd-nspawn"
machine=$WORK/machine
mkdir -p "$machine"
tar -C "$machine" -xf "$rootfs_tar"
install -m 0755 "$bin" "$machine/usr/local/bin/goald"
install -m 0644 deploy/goald.service "$machine/etc/systemd/system/goald.service"
# Enabled once booted (not at boot: each backend's settings go in first).
mkdir -p "$machine/etc/systemd/system/goald.service.d"
# A free port on the host's network, which the machine shares.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

systemd-nspawn -D "$machine" -b --keep-unit --register=no -M "goald-check-$$" --console=pipe \
    >"$WORK/nspawn.log" 2>&1 </dev/null &
nspawn_pid=$!
cleanups+=("kill -TERM $nspawn_pid; for _ in \$(seq 1 30); do kill -0 $nspawn_pid || break; sleep 1; done; kill -KILL $nspawn_pid")
wait_for 30 "the machine's systemd started" pgrep -P "$nspawn_pid"
init_pid=$(pgrep -P "$nspawn_pid" | head -n 1)
in_machine() { nsenter -t "$init_pid" -a -- "$@"; }
booted() { in_machine systemctl is-system-running | grep -cE '^(running|degraded)$' >/dev/null; }
wait_for 60 "the machine booted (systemctl is-system-running)" booted
in_machine systemctl enable goald.service >/dev/null 2>&1 || fail "systemd: systemctl enable goald"
in_machine systemctl is-enabled goald.service | grep -cx enabled >/dev/null || fail "systemd: goald.service is not enabled"

prop() { in_machine systemctl show goald.service -p "$1" --value; }
state() { echo "$(prop ActiveState)/$(prop SubState)"; }
main_pid() { in_machine systemctl show goald.service -p MainPID --value; }
is_running() { [ "$(state)" = active/running ]; }
answers() { curl -fsS -m 5 "$base$1" >/dev/null; }
restarts() { in_machine systemctl show goald.service -p NRestarts --value; }

# One backend: start, then every check of the unit.
check_unit() {
    local backend=$1 before pid uid
    say "systemd/$backend: start (Type=notify: active once READY=1 came)"
    in_machine systemctl daemon-reload
    in_machine systemctl reset-failed goald.service >/dev/null 2>&1 || true
    timeout 120 nsenter -t "$init_pid" -a -- systemctl start goald.service \
        || fail "systemd/$backend: systemctl start goald (state $(state))"
    is_running || fail "systemd/$backend: READY: state is $(state), not active/running"
    pid=$(main_pid)
    uid=$(in_machine stat -c %u /proc/"$pid")
    [ "$uid" -ge 61184 ] && [ "$uid" -le 65519 ] || fail "systemd/$backend: goald runs as uid $uid, not a dynamic user"
    wait_for 20 "systemd/$backend: /healthz answers 200" answers /healthz
    wait_for 20 "systemd/$backend: /readyz answers 200" answers /readyz
    curl -fsS -m 5 "$base/metrics" | grep -c '^goald_' >/dev/null || fail "systemd/$backend: /metrics has no goald_ series"
    # /etc/goald stays root's and read-only to the service.
    if in_machine test -e /etc/goald; then
        [ "$(in_machine stat -c %u /etc/goald)" = 0 ] || fail "systemd/$backend: /etc/goald is not owned by root"
    fi
    # As the service sees the files (its mount namespace, its uid): its state directory
    # is writable (so the probe itself works), /etc/goald is not.
    as_service() { in_machine nsenter -t "$pid" -m -S "$uid" -G "$uid" -- sh -c "$1"; }
    as_service 'touch /var/lib/goald/probe && rm /var/lib/goald/probe' \
        || fail "systemd/$backend: the probe cannot write the state directory as the service"
    if as_service 'mkdir -p /etc/goald && touch /etc/goald/probe' 2>/dev/null; then
        fail "systemd/$backend: the service can write /etc/goald"
    fi
    say "systemd/$backend: the watchdog restarts a stopped process (WatchdogSec=30s)"
    before=$(restarts)
    in_machine sh -c "kill -STOP $pid"
    wait_for 150 "systemd/$backend: the watchdog restarted the stopped goald" sh -c "[ \"\$(nsenter -t $init_pid -a -- systemctl show goald.service -p NRestarts --value)\" -gt $before ]"
    wait_for 30 "systemd/$backend: active/running again after the watchdog" is_running
    # journald may lag behind systemd's state on a loaded machine: wait for the line.
    watchdog_logged() { in_machine journalctl -u goald.service --no-pager | grep -c 'Watchdog timeout' >/dev/null; }
    wait_for 30 "systemd/$backend: the journal says the watchdog fired ('Watchdog timeout')" watchdog_logged
    wait_for 20 "systemd/$backend: /healthz after the watchdog restart" answers /healthz

    say "systemd/$backend: kill -9 gets it restarted (Restart=on-failure)"
    before=$(restarts)
    pid=$(main_pid)
    in_machine sh -c "kill -KILL $pid"
    wait_for 30 "systemd/$backend: restarted after kill -9" sh -c "[ \"\$(nsenter -t $init_pid -a -- systemctl show goald.service -p NRestarts --value)\" -gt $before ]"
    wait_for 30 "systemd/$backend: active/running after kill -9" is_running
    wait_for 20 "systemd/$backend: /healthz after kill -9" answers /healthz

    say "systemd/$backend: systemctl stop is clean"
    timeout 90 nsenter -t "$init_pid" -a -- systemctl stop goald.service || fail "systemd/$backend: systemctl stop timed out"
    [ "$(state)" = inactive/dead ] || fail "systemd/$backend: after stop the state is $(state), not inactive/dead"
    local result
    result="$(prop Result)/$(prop ExecMainStatus)"
    [ "$result" = success/0 ] || fail "systemd/$backend: on SIGTERM goald ended as $result (Result/ExecMainStatus), not success/0"
    # Nothing the sandbox refused: seccomp kills with SIGSYS; the filter answers EPERM.
    local bad
    bad=$(in_machine journalctl -u goald.service --no-pager | grep -E 'SIGSYS|status=31/SYS|EPERM|Operation not permitted|Bad system call' || true)
    [ -z "$bad" ] || fail "systemd/$backend: the journal shows a refused call: $bad"
}

# SQLite, configured by a drop-in alone: no /etc/goald at all (the file is optional).
in_machine rm -rf /etc/goald
cat >"$machine/etc/systemd/system/goald.service.d/check.conf" <<CONF
[Service]
Environment=GOALD_HTTP_ADDR=127.0.0.1:$port
CONF
check_unit sqlite
in_machine test -s /var/lib/goald/goald.db || fail "systemd/sqlite: no database at /var/lib/goald/goald.db"

# PostgreSQL, from /etc/goald/goald.toml (root's, 0644), with the server "down" first: a
# port nothing listens on until a relay to the host's PostgreSQL starts there.
pg_db=goald_deploy_check_$$
psql -q "$PG_ADMIN_URL" -c "create database $pg_db" || fail "systemd/postgres: cannot create a database at $PG_ADMIN_URL"
cleanups+=("psql -q '$PG_ADMIN_URL' -c 'drop database if exists $pg_db with (force)'")
pg_hostport=${PG_ADMIN_URL#*://}
pg_hostport=${pg_hostport#*@}
pg_hostport=${pg_hostport%%/*}
pg_url=${PG_ADMIN_URL%/*}/$pg_db
relay_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
late_url=$(echo "$pg_url" | sed "s#@[^/]*/#@127.0.0.1:$relay_port/#")
mkdir -p "$machine/etc/goald"
chmod 0755 "$machine/etc/goald"
printf 'database_url = "%s"\nhttp_addr = "127.0.0.1:%s"\n' "$late_url" "$port" >"$machine/etc/goald/goald.toml"
chmod 0644 "$machine/etc/goald/goald.toml"
rm -f "$machine/etc/systemd/system/goald.service.d/check.conf"
in_machine systemctl daemon-reload
say "systemd/postgres: the database is down: the unit waits, naming the cause"
in_machine systemctl start --no-block goald.service
refused() { in_machine journalctl -u goald.service --no-pager | grep -ci 'connection refused' >/dev/null; }
wait_for 30 "systemd/postgres: the journal names 'connection refused'" refused
[ "$(state)" = activating/start ] || fail "systemd/postgres: while the database is down the state is $(state), not activating/start"
waits_status() { prop StatusText | grep -ci 'waiting for the database: .*connection refused' >/dev/null; }
wait_for 10 "systemd/postgres: systemctl status says 'waiting for the database: ... connection refused' (it says: $(prop StatusText))" waits_status
if curl -sS -m 5 -o /dev/null "$base/readyz" 2>/dev/null; then fail "systemd/postgres: /readyz answered while the database is down"; fi
in_machine journalctl -u goald.service --no-pager | grep -ci 'pool timed out' >/dev/null && fail "systemd/postgres: the journal says 'pool timed out'"
python3 "$repo/scripts/deploy-check.d/relay.py" "$relay_port" "$pg_hostport" &
relay_pid=$!
cleanups+=("kill $relay_pid")
wait_for 60 "systemd/postgres: active/running once the database came up" is_running
in_machine systemctl stop goald.service
check_unit postgres
say "systemd: passed"

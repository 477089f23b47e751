# Sourced by scripts/deploy-check: deploy/Dockerfile and deploy/compose.yaml under Debian's
# docker.io, its daemon run here in a network namespace of this script's own (its bridge
# and iptables rules stay there), its data (the stand-in images) kept in the cache.
# docker.io's own CLI: BuildKit built in (the CLI in /usr/local/bin may have no buildx).
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=$(command -v docker)
export DOCKER_BUILDKIT=1

# One run at a time on the cached data root.
exec 9>"$CACHE/docker.lock"
flock -w 900 9 || fail "docker: another deploy-check holds $CACHE/docker.lock"

ns=goald-check-$$
ip netns add "$ns"
cleanups+=("ip netns del $ns")
ip netns exec "$ns" ip link set lo up
export DOCKER_HOST=unix://$WORK/docker.sock
say "docker: starting dockerd (docker.io $(/usr/sbin/dockerd --version | sed 's/Docker version \([^,]*\).*/\1/')) in netns $ns"
# nsenter, not `ip netns exec`: that remounts /sys, hiding the cgroup mounts dockerd needs.
nsenter --net="/run/netns/$ns" /usr/sbin/dockerd --data-root "$CACHE/docker" --exec-root "$WORK/docker-exec" \
    --pidfile "$WORK/dockerd.pid" -H "$DOCKER_HOST" >"$WORK/dockerd.log" 2>&1 &
dockerd_pid=$!
cleanups+=("kill -TERM $dockerd_pid; for _ in \$(seq 1 30); do kill -0 $dockerd_pid || break; sleep 1; done; kill -KILL $dockerd_pid")
for _ in $(seq 1 60); do "$DOCKER" info >/dev/null 2>&1 && break; sleep 1; done
"$DOCKER" info >/dev/null 2>&1 || { tail -20 "$WORK/dockerd.log" >&2; fail "docker: dockerd did not answer within 60 s"; }

# The stand-in for gcr.io/distroless/cc-debian12:nonroot: bookworm with the user nonroot
# (65532) that image has. distroless has no shell; the stand-in does, which no check uses.
runtime_base=goald-standin/distroless-cc-debian12:nonroot
if ! "$DOCKER" image inspect "$runtime_base" >/dev/null 2>&1; then
    say "docker: importing the runtime stand-in $runtime_base (once)"
    root=$WORK/runtime-root
    mkdir -p "$root"
    tar -C "$root" -xf "$rootfs_tar"
    echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >>"$root/etc/passwd"
    echo 'nonroot:x:65532:' >>"$root/etc/group"
    install -d -o 65532 -g 65532 "$root/home/nonroot"
    tar -C "$root" -c . | timeout 600 "$DOCKER" import --change 'USER 65532:65532' --change 'WORKDIR /home/nonroot' - "$runtime_base" >/dev/null
    rm -rf "$root"
fi

# The full build (cargo inside docker) when deploy/ or Cargo.lock changed and was not
# built yet; else the runtime stage on the binary built on the host.
inputs=$(cat deploy/* Cargo.lock .dockerignore | sha256sum | cut -c1-16)
marker=$CACHE/full-build.inputs
full=${GOALD_DEPLOY_FULL_BUILD:-auto}
if [ "$full" = auto ]; then
    full=0
    if ! git diff --quiet HEAD~1 HEAD -- deploy Cargo.lock 2>/dev/null || ! git diff --quiet HEAD -- deploy Cargo.lock; then
        [ "$(cat "$marker" 2>/dev/null)" = "$inputs" ] || full=1
    fi
fi
image=goald-check/goald:local
if [ "$full" = 1 ]; then
    . scripts/deploy-check.d/rust-standin.sh
    say "docker: the full Dockerfile build (cargo build --release inside docker)"
    timeout 2400 "$DOCKER" build -q -f deploy/Dockerfile --build-arg RUST_IMAGE="$rust_base" \
        --build-arg RUNTIME_IMAGE="$runtime_base" -t "$image" . >/dev/null || fail "docker: the full Dockerfile build"
else
    say "docker: the runtime stage on the host's binary (full build: GOALD_DEPLOY_FULL_BUILD=1)"
    mkdir -p "$WORK/binary/out/data"
    cp "$bin" "$WORK/binary/out/goald"
    "$bin" completions bash >"$WORK/binary/out/goald.bash"
    "$bin" man >"$WORK/binary/out/goald.1"
    tar -C "$WORK/binary" -c . | timeout 600 "$DOCKER" import - goald-check/binary:local >/dev/null
    # RUST_IMAGE names an image that exists: the unused build stage is not run.
    timeout 600 "$DOCKER" build -q -f deploy/Dockerfile --build-arg BINARY_FROM=goald-check/binary:local \
        --build-arg RUST_IMAGE="$runtime_base" --build-arg RUNTIME_IMAGE="$runtime_base" -t "$image" . >/dev/null \
        || fail "docker: building the runtime stage of deploy/Dockerfile"
fi

user=$("$DOCKER" image inspect -f '{{.Config.User}}' "$image")
case "$user" in "" | 0 | 0:* | root | root:*) fail "docker: the image runs as '${user:-root}', not non-root" ;; esac

answers_in() { nsenter --net="/run/netns/$ns" curl -fsS -m 5 "http://$1:8080$2" >/dev/null; }
# Runs the image with `volume` (a -v argument, or none), then every check.
check_container() {
    local name=$1 volume=$2 ip uid t0 took code
    "$DOCKER" rm -f "$name" >/dev/null 2>&1 || true
    # shellcheck disable=SC2086
    timeout 120 "$DOCKER" run -d --name "$name" $volume "$image" >/dev/null || fail "docker/$name: docker run"
    cleanups+=("$DOCKER rm -f $name")
    ip=$("$DOCKER" inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$name")
    [ -n "$ip" ] || fail "docker/$name: the container has no address"
    wait_for 30 "docker/$name: /healthz answers 200" answers_in "$ip" /healthz
    if ! answers_in "$ip" /readyz; then
        "$DOCKER" logs "$name" 2>&1 | tail -5 >&2
        fail "docker/$name: /readyz does not answer 200"
    fi
    # As the host sees the process (distroless has no `id` to exec).
    uid=$("$DOCKER" top "$name" -o pid,uid | awk 'NR > 1 { print $2 }' | sort -u | paste -sd,)
    [ "$uid" = 65532 ] || fail "docker/$name: runs as uid $uid, not nonroot (65532)"
    say "docker/$name: docker stop (grace 60 s, as compose's stop_grace_period)"
    t0=$(date +%s)
    timeout 90 "$DOCKER" stop -t 60 "$name" >/dev/null || fail "docker/$name: docker stop"
    took=$(($(date +%s) - t0))
    code=$("$DOCKER" inspect -f '{{.State.ExitCode}}' "$name")
    [ "$code" = 0 ] || fail "docker/$name: exited $code on docker stop (137 is the grace running out)"
    [ "$took" -lt 60 ] || fail "docker/$name: docker stop took ${took}s, the whole grace"
    say "docker/$name: healthy, uid 65532, stopped cleanly in ${took}s"
}

say "docker: a fresh named volume"
"$DOCKER" volume rm -f goald-check-data >/dev/null 2>&1 || true
"$DOCKER" volume create goald-check-data >/dev/null
cleanups+=("$DOCKER volume rm -f goald-check-data")
check_container goald-check-volume "-v goald-check-data:/var/lib/goald"
say "docker: no volume (Docker makes an anonymous one from VOLUME)"
check_container goald-check-anonymous ""
[ "$full" = 1 ] && echo "$inputs" >"$marker"

if command -v docker-compose >/dev/null; then
    timeout 120 docker-compose -f deploy/compose.yaml config -q || fail "docker: docker compose config (deploy/compose.yaml)"
    say "docker: deploy/compose.yaml validates (docker-compose $(docker-compose version --short))"
else
    fail "docker: docker-compose is not installed, deploy/compose.yaml was not validated"
fi
say "docker: passed"

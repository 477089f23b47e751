# Sourced by docker.sh for the full build: the stand-in for rust:1-bookworm. Debian's
# rustc-web/cargo-web (bookworm-security) on the bookworm root, with the crates of
# Cargo.lock vendored into CARGO_HOME, since the build has no network in the namespace.
rust_base=goald-standin/rust:1-bookworm-$(sha256sum Cargo.lock | cut -c1-12)
if ! "$DOCKER" image inspect "$rust_base" >/dev/null 2>&1; then
    say "docker: making the build stand-in $rust_base (once per Cargo.lock)"
    root=$WORK/rust-root
    mkdir -p "$root"
    tar -C "$root" -xf "$rootfs_tar"
    echo 'deb http://deb.debian.org/debian-security bookworm-security main' >>"$root/etc/apt/sources.list"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    mount -t proc proc "$root/proc"
    cleanups+=("umount $root/proc")
    timeout 900 chroot "$root" sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends rustc-web cargo-web gcc libc6-dev' >"$WORK/rust-standin.log" 2>&1 \
        || { tail -20 "$WORK/rust-standin.log" >&2; fail "docker: installing rustc-web in the build stand-in"; }
    umount "$root/proc"
    mkdir -p "$root/usr/local/cargo"
    timeout 900 cargo vendor --locked --quiet "$root/usr/local/cargo/vendor" >/dev/null || fail "docker: cargo vendor"
    printf '[source.crates-io]\nreplace-with = "vendored"\n[source.vendored]\ndirectory = "/usr/local/cargo/vendor"\n' \
        >"$root/usr/local/cargo/config.toml"
    tar -C "$root" -c . | timeout 900 "$DOCKER" import --change 'ENV CARGO_HOME=/usr/local/cargo' - "$rust_base" >/dev/null
    rm -rf "$root"
fi

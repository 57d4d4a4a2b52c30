#!/usr/bin/env bash
# The Debian base the Dockerfile's build stages start from, made on this machine: no registry is needed.
# debootstrap (minbase variant) writes a Debian root filesystem once, cached outside the checkout in
# ${REPLAYD_CACHE:-/var/cache/replayd}/debian-<release>/rootfs; with --import it is also imported as the
# image localhost/debian:<release>-slim when podman does not have it yet. Prints the rootfs folder on stdout.
#
#   docker/debian-base.sh [--import] [--release bookworm]
#
# docker/Dockerfile pulls debian:bookworm-slim by default; with this one instead:
#   podman build --build-arg BASE=localhost/debian:bookworm-slim -f docker/Dockerfile .
set -euo pipefail

say() { echo "debian-base: $*" >&2; }
die() {
  say "error: $*"
  exit 1
}

release=bookworm
import=0
while [ $# -gt 0 ]; do
  case "$1" in
  --import)
    import=1
    shift
    ;;
  --release)
    release="${2:?--release needs a name}"
    shift 2
    ;;
  *) die "unknown argument $1" ;;
  esac
done

cache="${REPLAYD_CACHE:-/var/cache/replayd}"
rootfs="$cache/debian-$release/rootfs"
image="localhost/debian:$release-slim"

if [ ! -x "$rootfs/usr/bin/apt-get" ]; then
  [ "$(id -u)" -eq 0 ] || die "run as root: debootstrap needs it"
  if ! command -v debootstrap >/dev/null; then
    say "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null 2>&1 ||
      die "apt-get install debootstrap failed"
  fi
  mkdir -p "$cache"
  exec 9>"$cache/.debian-$release.lock"
  flock 9
  if [ ! -x "$rootfs/usr/bin/apt-get" ]; then
    started=$SECONDS
    staged="$cache/debian-$release/.rootfs.new"
    rm -rf "$staged"
    mkdir -p "$staged"
    say "debootstrap --variant=minbase $release (once per machine)"
    debootstrap --variant=minbase "$release" "$staged" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
      >"$cache/debian-$release/debootstrap.log" 2>&1 ||
      die "debootstrap failed: $(tail -n 5 "$cache/debian-$release/debootstrap.log")"
    # What a slim image does without: apt's downloaded packages and lists (a build stage updates them).
    rm -rf "$staged"/var/cache/apt/archives/*.deb "$staged"/var/lib/apt/lists/*
    rm -rf "$rootfs"
    mv "$staged" "$rootfs"
    say "made $rootfs in $((SECONDS - started)) s"
  fi
fi

if [ "$import" -eq 1 ]; then
  command -v podman >/dev/null || die "--import needs podman"
  if ! podman image exists "$image"; then
    say "importing $rootfs as $image"
    tar -C "$rootfs" -c . | podman import - "$image" >/dev/null || die "podman import failed"
  fi
fi
echo "$rootfs"

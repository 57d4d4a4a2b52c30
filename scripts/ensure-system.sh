#!/usr/bin/env bash
# Makes sure what the test suite needs from the system is installed and running: ffmpeg/ffprobe,
# a font for the simulator's burnt-in segment numbers, streamlink (a real client the simulator is tested
# against), Chromium (browser tests), systemd-analyze and qemu-user-static (the distribution's checks) and
# PostgreSQL on 127.0.0.1:5432. Installs with apt-get when run as root;
# otherwise says what to install. Quiet and quick when everything is already there.
set -euo pipefail

missing=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || missing+=(fonts-dejavu-core)
command -v streamlink >/dev/null 2>&1 || missing+=(streamlink)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
# The systemd unit is checked with systemd-analyze; the arm64 release binary is started under qemu.
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
command -v qemu-aarch64-static >/dev/null 2>&1 || missing+=(qemu-user-static)
[ -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ] || missing+=(libc6-arm64-cross)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "replayd: missing system packages: ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "replayd: installing ${missing[*]} with apt-get…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if ! pg_up; then
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    echo "replayd: PostgreSQL is installed but has no cluster in /etc/postgresql" >&2
    exit 1
  fi
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  # A cluster that apt just created asks for passwords on TCP; the test database is local and throwaway.
  if [ -w "$hba" ] && ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  echo "replayd: starting PostgreSQL $version…" >&2
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 60); do pg_up && break; sleep 0.5; done
  pg_up || { echo "replayd: PostgreSQL did not come up on 127.0.0.1:5432" >&2; exit 1; }
fi

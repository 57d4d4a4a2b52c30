#!/usr/bin/env bash
# Builds the image's ffmpeg and ffprobe: fully static, from Debian's own sources (ffmpeg and dav1d), with only
# what replayd runs (src/media, src/recorder/part-finisher.ts, src/playback-cache, src/system/probes.ts):
#
#   ffprobe -print_format json -show_format -show_streams PART.mp4     part checks, playback-cache builds
#   ffmpeg -i PART.mp4 -c copy -f mp4 OUT                              healing a part (mov demuxer, mp4 muxer)
#   ffmpeg -f concat -i LIST -c copy -f mp4 -progress pipe:1 OUT       joining parts (concat demuxer, pipe:)
#   ffmpeg -ss T -i PART.mp4 -frames:v 1 [-vf scale=160:-2] OUT.jpg    stills: H.264, HEVC, AV1 (dav1d) decoded,
#                                                                      trim + scale, mjpeg in image2
#   ffmpeg -framerate 1 -i f%02d.jpg -vf tile=4x3 -frames:v 1 OUT.jpg  the hover strip (image2 + mjpeg back in)
#   ffmpeg -i PART.m4a -vn -ac 1 -ar 8000 -f s16le -                   waveforms (aac, aresample, pcm, pipe:)
#   ffmpeg -version, ffprobe -version                                  health probes
#   ffmpeg -i FILE -f null -                                           decoding a file whole (tests, diagnosis)
#
# plus the HLS, MPEG-TS and fragmented-MP4 demuxers and the parsers and bitstream filters copying Twitch's
# media needs, so ffprobe and ffmpeg read whatever a recording is made of.
#
# The result is cached outside the checkout, in ${REPLAYD_CACHE:-/var/cache/replayd}/ffmpeg-<key>/{ffmpeg,ffprobe},
# where <key> hashes this script (flags included), the Debian source versions, the toolchain's package versions
# and the machine: a second run only looks the key up. Prints that folder on stdout (logs go to stderr).
#
#   docker/build-ffmpeg.sh                 build or reuse; print the folder
#   docker/build-ffmpeg.sh --copy-to DIR   also copy ffmpeg and ffprobe into DIR (the Dockerfile's build stage)
#
# Needs root for apt-get (deb-src entries are added for the sources; compilers and nasm/meson installed when
# missing). Only Debian's mirrors are reached.
set -euo pipefail

say() { echo "build-ffmpeg: $*" >&2; }
die() {
  say "error: $*"
  exit 1
}

copy_to=""
while [ $# -gt 0 ]; do
  case "$1" in
  --copy-to)
    copy_to="${2:?--copy-to needs a folder}"
    shift 2
    ;;
  -h | --help)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  *) die "unknown argument $1 (see --help)" ;;
  esac
done

cache="${REPLAYD_CACHE:-/var/cache/replayd}"
script="$(readlink -f "$0")"
export DEBIAN_FRONTEND=noninteractive

# What replayd calls, and nothing else (see the header). `ffmpeg -hide_banner -demuxers` etc. list them.
components=(
  --enable-protocol=file,pipe
  --enable-demuxer=mov,mpegts,hls,concat,image2,aac
  --enable-muxer=mp4,ipod,image2,pcm_s16le,null
  --enable-decoder=h264,hevc,libdav1d,aac,mjpeg
  --enable-encoder=mjpeg,pcm_s16le,wrapped_avframe # wrapped_avframe: `-f null` decode checks
  --enable-parser=h264,hevc,av1,aac,mjpeg
  --enable-bsf=aac_adtstoasc,h264_mp4toannexb,hevc_mp4toannexb,extract_extradata,null
  # (buffer, buffersink, abuffer and abuffersink are always built)
  --enable-filter=null,anull,format,aformat,scale,aresample,trim,atrim,tile,transpose,hflip,vflip
)
configure_flags=(
  --disable-everything --disable-autodetect --disable-doc --disable-debug --disable-network
  --disable-iconv --disable-avdevice --disable-postproc --disable-programs --enable-ffmpeg --enable-ffprobe
  --enable-static --disable-shared --enable-libdav1d
  --pkg-config-flags=--static --extra-ldflags=-static
  "${components[@]}"
)

[ "$(id -u)" -eq 0 ] || die "run as root: apt-get installs the build tools and fetches Debian's sources"
command -v apt-get >/dev/null || die "needs a Debian system (apt-get)"

# Debian's source packages: deb-src entries for this release, its updates and security suites.
codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
[ -n "$codename" ] || die "cannot tell the Debian release from /etc/os-release"
src_list=/etc/apt/sources.list.d/replayd-deb-src.sources
if [ ! -e "$src_list" ]; then
  say "adding deb-src entries for $codename ($src_list)"
  cat >"$src_list" <<EOF
Types: deb-src
URIs: ${DEBIAN_MIRROR:-http://deb.debian.org/debian}
Suites: $codename $codename-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: ${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
Suites: $codename-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
fi
src_version() { apt-cache showsrc "$1" 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -n 1; }
updated=0
apt_update() {
  say "apt-get update"
  apt-get update -qq >/dev/null || die "apt-get update failed"
  updated=1
}
[ -n "$(src_version ffmpeg)" ] || apt_update
ffmpeg_version="$(src_version ffmpeg)"
dav1d_version="$(src_version dav1d)"
[ -n "$ffmpeg_version" ] && [ -n "$dav1d_version" ] || die "apt knows no source package ffmpeg or dav1d"

# The toolchain that goes into a static binary (compiler, glibc's static libc, assembler): installed versions,
# else the ones apt would install, so a cache hit needs no install.
pkg_version() {
  local status
  status="$(dpkg-query -W -f='${db:Status-Abbrev}${Version}' "$1" 2>/dev/null || true)"
  case "$status" in
  ii*) echo "${status#ii }" ;;
  *) apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p' ;;
  esac
}
toolchain_versions() { for p in gcc libc6-dev nasm meson; do printf '%s=%s ' "$p" "$(pkg_version "$p")"; done; }
toolchain="$(toolchain_versions)"
key="$(
  {
    cat "$script"
    echo "ffmpeg=$ffmpeg_version dav1d=$dav1d_version arch=$(uname -m) $toolchain"
  } | sha256sum | cut -c1-16
)"
out="$cache/ffmpeg-$key"

finish() {
  if [ -n "$copy_to" ]; then
    mkdir -p "$copy_to"
    cp "$out/ffmpeg" "$out/ffprobe" "$copy_to/"
  fi
  echo "$out"
}

if [ -x "$out/ffmpeg" ] && [ -x "$out/ffprobe" ]; then
  say "cached: $out (ffmpeg $ffmpeg_version, dav1d $dav1d_version)"
  finish
  exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/.ffmpeg.lock"
flock 9
# Another run may have finished the same build while this one waited.
if [ -x "$out/ffmpeg" ] && [ -x "$out/ffprobe" ]; then
  finish
  exit 0
fi

started=$SECONDS
tools=()
command -v gcc >/dev/null || tools+=(gcc libc6-dev)
command -v make >/dev/null || tools+=(make)
command -v nasm >/dev/null || tools+=(nasm)
command -v meson >/dev/null || tools+=(meson)
command -v ninja >/dev/null || tools+=(ninja-build)
command -v pkg-config >/dev/null || tools+=(pkg-config)
command -v dpkg-source >/dev/null || tools+=(dpkg-dev)
command -v xz >/dev/null || tools+=(xz-utils)
if [ ${#tools[@]} -gt 0 ]; then
  [ "$updated" -eq 1 ] || apt_update
  say "installing ${tools[*]}"
  apt-get install -y -qq --no-install-recommends "${tools[@]}" >/dev/null 2>&1 || die "apt-get install ${tools[*]} failed"
fi
[ "$(toolchain_versions)" = "$toolchain" ] ||
  exec "$0" ${copy_to:+--copy-to "$copy_to"} # apt installed other versions than the key says: a new key

work="$(mktemp -d "$cache/build-$key.XXXXXX")"
logs="$cache/ffmpeg-build-logs"
# The build folder goes either way; its logs stay in $logs for a look after a failure.
trap 'rm -rf "$logs"; mkdir -p "$logs"; cp "$work"/*.log "$work"/ffmpeg-*/ffbuild/config.log "$logs/" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
say "fetching Debian sources ffmpeg=$ffmpeg_version dav1d=$dav1d_version"
fetch() {
  apt-get source -qq "ffmpeg=$ffmpeg_version" "dav1d=$dav1d_version" >/dev/null 2>source.log
}
if ! fetch; then
  # Lists older than the mirror: the exact version is gone. Refresh once and try again.
  [ "$updated" -eq 1 ] && die "apt-get source failed: $(tail -n 3 source.log)"
  apt_update
  [ "$(src_version ffmpeg)" = "$ffmpeg_version" ] && [ "$(src_version dav1d)" = "$dav1d_version" ] ||
    exec "$0" ${copy_to:+--copy-to "$copy_to"} # new versions: a new key
  fetch || die "apt-get source failed: $(tail -n 3 source.log)"
fi
ffmpeg_src="$(find . -maxdepth 1 -type d -name 'ffmpeg-*' | head -n 1)"
dav1d_src="$(find . -maxdepth 1 -type d -name 'dav1d-*' | head -n 1)"
[ -d "$ffmpeg_src" ] && [ -d "$dav1d_src" ] || die "apt-get source left no ffmpeg-*/dav1d-* folder"

jobs="$(nproc)"
say "dav1d: static library"
meson setup dav1d-build "$dav1d_src" --prefix="$work/prefix" --libdir=lib --buildtype=release \
  --default-library=static -Denable_tools=false -Denable_tests=false >dav1d.log 2>&1 ||
  die "dav1d: meson setup failed: $(tail -n 5 dav1d.log)"
ninja -C dav1d-build -j "$jobs" install >>dav1d.log 2>&1 || die "dav1d: build failed: $(tail -n 5 dav1d.log)"

say "ffmpeg: configure"
cd "$ffmpeg_src"
PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" ./configure --prefix="$work/prefix" "${configure_flags[@]}" \
  >../configure.log 2>&1 || die "ffmpeg: configure failed: $(tail -n 5 ../configure.log) (logs in $logs)"
# configure drops names it does not know without a word: every requested component must be in its summary.
for flag in "${components[@]}"; do
  kind="${flag#--enable-}"
  kind="${kind%%=*}"
  enabled="$(awk -v h="Enabled ${kind}s:" '$0 == h { on = 1; next } on && /^$/ { exit } on' ../configure.log | tr -s ' \t' '\n')"
  for name in $(echo "${flag#*=}" | tr ',' ' '); do
    echo "$enabled" | grep -qx "$name" || die "configure did not enable $kind $name: unknown name, or a dependency is missing"
  done
done
say "ffmpeg: make -j$jobs"
make -j "$jobs" ffmpeg ffprobe >../make.log 2>&1 || die "ffmpeg: make failed: $(tail -n 10 ../make.log)"
strip ffmpeg ffprobe

for bin in ffmpeg ffprobe; do
  # A static executable: `ldd` says so (and exits non-zero).
  linked="$(ldd "./$bin" 2>&1 || true)"
  case "$linked" in
  *"not a dynamic executable"*) ;;
  *) die "$bin is not static: $(echo "$linked" | head -n 3)" ;;
  esac
  "./$bin" -hide_banner -version >/dev/null || die "$bin -version failed"
done

staged="$cache/.ffmpeg-$key.new"
rm -rf "$staged"
mkdir -p "$staged"
cp ffmpeg ffprobe "$staged/"
{
  echo "ffmpeg source: $ffmpeg_version (Debian)"
  echo "dav1d source: $dav1d_version (Debian)"
  echo "toolchain: $toolchain"
  echo "configure: ${configure_flags[*]}"
} >"$staged/BUILDINFO"
mv "$staged" "$out"
say "built in $((SECONDS - started)) s: $out ($(du -m "$out/ffmpeg" | cut -f1) + $(du -m "$out/ffprobe" | cut -f1) MiB)"
finish

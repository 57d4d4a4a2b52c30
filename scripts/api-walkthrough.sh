#!/usr/bin/env bash
# The API the way a script uses it, with curl and a cookie jar only: sign in through Twitch's OAuth (the
# simulator's), add a channel, record it, follow the recording's progress over SSE, then fetch the finished
# part with Range requests. Prints what it measured; exits non-zero at the first thing that is wrong.
#
# Usage: scripts/api-walkthrough.sh REPLAYD_URL SIMULATOR_URL [CHANNEL_LOGIN]
# The server needs a short rejoin window (e.g. [recorder] max_restart_gap_seconds = 1) to finish quickly.
set -euo pipefail
BASE=${1:?usage: api-walkthrough.sh REPLAYD_URL SIMULATOR_URL [CHANNEL_LOGIN]}
SIM=${2:?usage: api-walkthrough.sh REPLAYD_URL SIMULATOR_URL [CHANNEL_LOGIN]}
CHANNEL=${3:-kitchen_lab}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
JAR="$WORK/cookies"

fail() { echo "FAIL: $*" >&2; exit 1; }
# field PATH: reads JSON on stdin, prints the value at a dotted path (objects as JSON).
field() {
  node -e 'let v = JSON.parse(require("fs").readFileSync(0, "utf8"));
    for (const k of process.argv[1].split(".")) v = v == null ? v : v[k];
    console.log(typeof v === "object" ? JSON.stringify(v) : v);' "$1"
}
query() { curl -sS -b "$JAR" "$BASE/trpc/$1?input=$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$2")"; }
# Unsafe methods carry the Origin header, as a browser would (cross-origin ones are refused).
mutate() { curl -sS -b "$JAR" -H "Origin: $BASE" -H 'Content-Type: application/json' -X POST "$BASE/trpc/$1" -d "$2"; }

# 1. Sign in: replayd → Twitch's authorize (approves at once) → replayd's callback → the dashboard.
landed=$(curl -sS -c "$JAR" -b "$JAR" -L -o /dev/null -w '%{http_code} %{url_effective}' "$BASE/api/v1/auth/twitch")
[[ $landed == "200 $BASE/dashboard" ]] || fail "sign-in landed on: $landed"
me=$(curl -sS -b "$JAR" "$BASE/trpc/auth.session" | field result.data.login)
[[ -n $me && $me != null ]] || fail "no session after sign-in"
echo "signed in as $me"

# 2. The channel, from Twitch.
broadcaster=$(mutate channel.syncFromTwitch "{\"login\":\"$CHANNEL\"}" | field result.data.broadcaster_id)
[[ $broadcaster =~ ^[0-9]+$ ]] || fail "channel.syncFromTwitch gave no channel"
echo "channel $CHANNEL is $broadcaster"

# 3. It goes live; record it now.
curl -sS -o /dev/null -X POST "$SIM/sim/channels/$CHANNEL/live" -d '{"segment_seconds":1,"ladder":["360p30"],"bitrate_kbps":600}'
started=$(mutate video.triggerDownload "{\"broadcaster_id\":\"$broadcaster\",\"quality\":\"360p\"}")
job=$(echo "$started" | field result.data.job_id)
video=$(echo "$started" | field result.data.video_id)
[[ $video =~ ^[0-9]+$ ]] || fail "video.triggerDownload: $started"
echo "recording job $job, video $video"

# 4. Progress over SSE for a few seconds: the bytes written must grow.
curl -s -N -b "$JAR" --max-time 6 -H 'Accept: text/event-stream' \
  "$BASE/trpc/video.downloadProgress?input=$(node -e 'console.log(encodeURIComponent(JSON.stringify({job_id: process.argv[1]})))' "$job")" \
  >"$WORK/progress.sse" 2>/dev/null || true # curl ends with 28 at --max-time, as intended
mapfile -t bytes < <(grep '^data: {"job_id"' "$WORK/progress.sse" | sed 's/^data: //' | while read -r line; do echo "$line" | field bytes_written; done)
(( ${#bytes[@]} >= 2 )) || fail "fewer than two progress events over SSE"
(( bytes[-1] > bytes[0] )) || fail "bytes did not grow: ${bytes[*]}"
echo "progress over SSE: ${#bytes[@]} events, bytes ${bytes[0]} → ${bytes[-1]}"

# 5. The stream ends; the video is finished once the rejoin window has passed.
curl -sS -o /dev/null -X POST "$SIM/sim/channels/$CHANNEL/offline" -d '{"end":"endlist"}'
status=""
for _ in $(seq 1 120); do
  status=$(query video.getById "{\"id\":$video}" | field result.data.status)
  [[ $status == DONE ]] && break
  sleep 0.5
done
[[ $status == DONE ]] || fail "video $video is $status, not DONE"
part=$(query video.getById "{\"id\":$video}" | field result.data.parts.0)
n=$(echo "$part" | field part_index)
size=$(echo "$part" | field size_bytes)
echo "finished: part $n, $size bytes"

# 6. The part with Range: 206 and the right bytes, 416 past the end.
url="$BASE/api/v1/videos/$video/parts/$n/stream"
code=$(curl -sS -b "$JAR" -o "$WORK/whole" -w '%{http_code}' "$url")
[[ $code == 200 && $(stat -c %s "$WORK/whole") == "$size" ]] || fail "whole part: $code, $(stat -c %s "$WORK/whole") bytes"
from=$((size / 2)); to=$((size / 2 + 999))
code=$(curl -sS -b "$JAR" -r "$from-$to" -o "$WORK/range" -w '%{http_code}' "$url")
[[ $code == 206 ]] || fail "range: status $code"
cmp -s "$WORK/range" <(tail -c +$((from + 1)) "$WORK/whole" | head -c 1000) || fail "range: wrong bytes"
code=$(curl -sS -b "$JAR" -r "$size-" -o /dev/null -w '%{http_code}' "$url")
[[ $code == 416 ]] || fail "past the end: status $code"
echo "range: 206 with bytes $from-$to identical to the whole file; 416 past the end"
echo "walkthrough ok"

#!/usr/bin/env bash
# Runs every command of README.md's code blocks for real, unchanged and in README order, and prints one line each:
#   ok  <seconds>s  <command>        or        FAIL <exit code> <command>   (then the tail of its output)
# and last "N commands, N failed"; exits non-zero if any failed.
#
# The commands are taken from the README exactly as tests/Mip.Tests/Cli/ReadmeCommandTests.cs takes them (lines in ```
# blocks starting with "mip " or "dotnet run ... -- ", joined over trailing "\", "#" comments stripped); there is no
# second list here. They run in a scratch folder (mktemp -d, removed at the end unless KEEP=1):
#   <scratch>/project                               where the README's relative paths resolve (runs/, reports/, photo.jpg,
#                                                   album/, photos/, query.jpg, gallery.mipdb ...)
#   <scratch>/shared/data/cub200-subset/CUB_200_2011 a small stand-in for the CUB subset in the official layout, drawn by
#                                                   `mip data draw` (8 training classes, ids 1-8, and 6 test classes,
#                                                   ids 101-106, 10 images each), so the 20-epoch trainings are quick
# `mip` is `dotnet $MIP_DLL` (default: the Release build under src/Mip.Cli/bin, built first if missing). The
# `dotnet run --project src/Mip.Cli ...` line runs as written from the repository root (where src/Mip.Cli resolves);
# the mip-demo/ folder it writes there is moved into the scratch folder afterwards (one already there is put back).
# `mip serve` counts as run when its page and /openapi/v1.json answer 200; it is then stopped.
#
# Usage: bash scripts/check-readme.sh           run everything (30 min on 2 quiet cores, 87 min beside other jobs)
#        bash scripts/check-readme.sh --list    only print the extracted commands
# The scratch folder grows to about 3.6 GB (mostly runs/ and the two mip-demo/ folders).
# Environment: MIP_DLL (the built mip.dll), KEEP=1 (keep the scratch folder), CMD_TIMEOUT (seconds per command, 7200),
#              SERVE_WAIT (seconds to wait for `mip serve` to answer, 180).
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readme="$repo/README.md"

# --- extraction: the same rules as ReadmeCommandTests.Commands() -------------------------------------------------------

# REPLY = $1 up to its first '#' that is outside quotes and at the start or after whitespace.
strip_comment() {
  local line=$1 c i single=0 dbl=0
  for ((i = 0; i < ${#line}; i++)); do
    c=${line:i:1}
    if [[ $c == "'" && $dbl == 0 ]]; then single=$((1 - single))
    elif [[ $c == '"' && $single == 0 ]]; then dbl=$((1 - dbl))
    elif [[ $c == '#' && $single == 0 && $dbl == 0 ]] && { ((i == 0)) || [[ ${line:i-1:1} == [[:space:]] ]]; }; then
      REPLY=${line:0:i}
      return
    fi
  done
  REPLY=$line
}

trim() {
  local s=$1
  s=${s#"${s%%[![:space:]]*}"}
  REPLY=${s%"${s##*[![:space:]]}"}
}

# words=( ... ): $1 split at whitespace outside quotes, quotes removed (ReadmeCommandTests.Split).
split_words() {
  local text=$1 c word="" single=0 dbl=0 any=0 i
  words=()
  for ((i = 0; i < ${#text}; i++)); do
    c=${text:i:1}
    if [[ $c == "'" && $dbl == 0 ]]; then single=$((1 - single)); any=1
    elif [[ $c == '"' && $single == 0 ]]; then dbl=$((1 - dbl)); any=1
    elif [[ $c == [[:space:]] && $single == 0 && $dbl == 0 ]]; then
      ((any)) && words+=("$word")
      word=""; any=0
    else word+=$c; any=1
    fi
  done
  ((any)) && words+=("$word")
  return 0
}

# commands=( ... ) and kinds=( mip | dotnet-run ): the README's commands, each as its joined text.
extract_commands() {
  local -a lines
  local i text in_block=0 w has_run dashes
  mapfile -t lines <"$readme"
  lines=("${lines[@]%$'\r'}")
  commands=(); kinds=()
  for ((i = 0; i < ${#lines[@]}; i++)); do
    trim "${lines[i]}"
    if [[ $REPLY == '```'* ]]; then in_block=$((1 - in_block)); continue; fi
    ((in_block)) || continue
    strip_comment "${lines[i]}"; trim "$REPLY"; text=$REPLY
    while [[ $text == *'\' ]] && ((i + 1 < ${#lines[@]})); do
      i=$((i + 1))
      strip_comment "${lines[i]}"; trim "$REPLY"
      text="${text%\\} $REPLY"
    done
    split_words "$text"
    ((${#words[@]} > 0)) || continue
    has_run=0; dashes=0
    for w in "${words[@]}"; do
      [[ $w == run ]] && has_run=1
      [[ $w == -- ]] && dashes=1
    done
    if [[ ${words[0]} == dotnet ]] && ((has_run && dashes)); then commands+=("$text"); kinds+=(dotnet-run)
    elif [[ ${words[0]} == mip ]]; then commands+=("$text"); kinds+=(mip)
    fi
  done
}

extract_commands
if [[ ${1:-} == --list ]]; then
  printf '%s\n' "${commands[@]}" | tr -s ' '
  exit 0
fi
if ((${#commands[@]} == 0)); then echo "no commands found in $readme" >&2; exit 1; fi

# --- the program --------------------------------------------------------------------------------------------------------

export MIP_DLL=${MIP_DLL:-$repo/src/Mip.Cli/bin/Release/net10.0/linux-x64/mip.dll}
if [[ ! -f $MIP_DLL ]]; then
  echo "building src/Mip.Cli (no $MIP_DLL yet)"
  dotnet build "$repo/src/Mip.Cli" -c Release -v q -nologo >/dev/null || { echo "the build failed" >&2; exit 1; }
fi
MIP_DLL=$(cd "$(dirname "$MIP_DLL")" && pwd)/$(basename "$MIP_DLL")
mip() { dotnet "$MIP_DLL" "$@"; }
export -f mip

# --- the scratch workspace ----------------------------------------------------------------------------------------------

ws=$(mktemp -d "${TMPDIR:-/tmp}/mip-readme.XXXXXX")
project="$ws/project"
cub="$ws/shared/data/cub200-subset/CUB_200_2011"
logs="$ws/logs"
mkdir -p "$project" "$logs"
serve_pid=""
saved_demo=""   # a mip-demo/ that was in the repository root before the dotnet-run line, moved aside meanwhile

cleanup() {
  if [[ -n $serve_pid ]] && kill -0 "$serve_pid" 2>/dev/null; then kill -TERM -- "-$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null; fi
  if [[ -n $saved_demo && -d $saved_demo ]]; then
    rm -rf "$repo/mip-demo" && mv "$saved_demo" "$repo/mip-demo"
  fi
  if [[ ${KEEP:-0} == 1 ]]; then echo "kept $ws"; else rm -rf "$ws"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { echo "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# A step that prepares the workspace; a failure here is not a README failure, so it stops the check.
prepare() {
  local log="$logs/prepare.log"
  if ! "$@" >>"$log" 2>&1 </dev/null; then
    echo "could not prepare the workspace: $*" >&2
    tail -n 20 "$log" | sed 's/^/    /' >&2
    exit 1
  fi
}

started=$(now)
echo "workspace $ws; mip = dotnet $MIP_DLL"

# The CUB stand-in: draw 14 classes of the synthetic data set; the first 8 (by name) become CUB classes 1-8 (training
# split), the other 6 become classes 101-106 (test split), as the real subset's ids straddle 100.
draw="$ws/draw"
prepare mip data draw --out "$draw" --classes 14 --images-per-class 10 --seed 11
mkdir -p "$cub/images"
: >"$cub/images.txt"; : >"$cub/image_class_labels.txt"; : >"$cub/classes.txt"; : >"$cub/train_test_split.txt"
n=0; image_id=0
for class_dir in "$draw"/class_*/; do
  drawn=$(basename "$class_dir")
  class_id=$((n < 8 ? n + 1 : 101 + n - 8))
  name=$(printf '%03d.Drawn_%s' "$class_id" "$drawn")
  mkdir -p "$cub/images/$name"
  echo "$class_id $name" >>"$cub/classes.txt"
  k=0
  for jpg in "$class_dir"*.jpg; do
    image_id=$((image_id + 1)); k=$((k + 1))
    file=$(printf 'Drawn_%s_%04d.jpg' "$drawn" "$k")
    mv "$jpg" "$cub/images/$name/$file"
    echo "$image_id $name/$file" >>"$cub/images.txt"
    echo "$image_id $class_id" >>"$cub/image_class_labels.txt"
    echo "$image_id $((k % 2))" >>"$cub/train_test_split.txt"   # the classification split; metric learning ignores it
  done
  n=$((n + 1))
done
rm -rf "$draw"
if ((n != 14 || image_id != 140)); then echo "the drawn data set has $n classes and $image_id images, not 14 and 140" >&2; exit 1; fi

# The photos the commands name, taken from the test classes.
pick() { echo "$cub/images/$(sed -n "$1p" "$cub/images.txt" | cut -d' ' -f2)"; }   # the image with id $1
cp "$(pick 81)" "$project/photo.jpg"
cp "$(pick 91)" "$project/photo1.jpg"
# photo2.png: a lossless PNG copy of a drawn photo (a blend weight of 0 leaves every pixel as it is).
prepare mip protect "$(pick 101)" -o "$project/photo2.png" --trigger blended --alpha 0
mkdir -p "$project/album" "$project/photos"
for id in 82 92 102; do cp "$(pick "$id")" "$project/album/"; done
for id in 111 112 113 114 121 122 123 124 131 132 133 134; do cp "$(pick "$id")" "$project/photos/"; done
cp "$(pick 115)" "$project/query.jpg"
echo "fixture ready in $(elapsed "$started")s: 14 classes x 10 drawn images as CUB_200_2011, photo.jpg, photo1.jpg, photo2.png, album/ (3), photos/ (12), query.jpg"

# --- running the commands -----------------------------------------------------------------------------------------------

http_status() {   # the HTTP status of GET $1 (000 when nothing answers)
  if command -v curl >/dev/null; then curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" || true; return; fi
  local rest=${1#http://} host port path
  host=${rest%%/*}; path=/${rest#*/}; [[ $rest == */* ]] || path=/
  port=${host##*:}; host=${host%:*}
  if exec 3<>"/dev/tcp/$host/$port"; then
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$host" >&3
    local line; read -r -t 5 line <&3; exec 3<&-
    echo "$line" | cut -d' ' -f2
  else echo 000; fi 2>/dev/null
}

# Starts the serve command in its own process group, waits until its page and OpenAPI document answer, stops it.
run_serve() {
  local cmd=$1 log=$2 url=http://127.0.0.1:5080 page api waited=0
  [[ $cmd =~ --url[[:space:]=]+([^[:space:]]+) ]] && url=${BASH_REMATCH[1]}
  set -m
  (cd "$project" && exec bash -c "$cmd") >"$log" 2>&1 </dev/null &
  serve_pid=$!
  set +m
  while :; do
    page=$(http_status "$url/"); api=$(http_status "$url/openapi/v1.json")
    [[ $page == 200 && $api == 200 ]] && break
    if ! kill -0 "$serve_pid" 2>/dev/null; then wait "$serve_pid"; local rc=$?; serve_pid=""; return $((rc == 0 ? 1 : rc)); fi
    if ((waited >= ${SERVE_WAIT:-180})); then echo "no answer from $url within ${SERVE_WAIT:-180}s (page $page, /openapi/v1.json $api)" >>"$log"; break; fi
    sleep 1; waited=$((waited + 1))
  done
  echo "check: GET $url/ -> $page, GET $url/openapi/v1.json -> $api" >>"$log"
  kill -TERM -- "-$serve_pid" 2>/dev/null
  for _ in $(seq 20); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$serve_pid" 2>/dev/null
  wait "$serve_pid" 2>/dev/null
  serve_pid=""
  [[ $page == 200 && $api == 200 ]]
}

failed=0
for ((c = 0; c < ${#commands[@]}; c++)); do
  cmd=${commands[c]}
  shown=$(tr -s ' ' <<<"$cmd")
  log=$(printf '%s/%02d.log' "$logs" $((c + 1)))
  t0=$(now)
  split_words "$cmd"
  if [[ ${kinds[c]} == dotnet-run ]]; then
    # As written, from the repository root; what it writes there (mip-demo/) is moved into the workspace afterwards.
    if [[ -e $repo/mip-demo ]]; then saved_demo="$ws/repo-mip-demo.saved"; mv "$repo/mip-demo" "$saved_demo"; fi
    (cd "$repo" && timeout -k 30 "${CMD_TIMEOUT:-7200}" bash -c "$cmd") >"$log" 2>&1 </dev/null
    rc=$?
    if [[ -e $repo/mip-demo ]]; then mkdir -p "$ws/repo-root" && mv "$repo/mip-demo" "$ws/repo-root/"; fi
    if [[ -n $saved_demo ]]; then mv "$saved_demo" "$repo/mip-demo"; saved_demo=""; fi
  elif [[ ${words[1]:-} == serve ]]; then
    run_serve "$cmd" "$log"
    rc=$?
  else
    (cd "$project" && timeout -k 30 "${CMD_TIMEOUT:-7200}" bash -c "$cmd") >"$log" 2>&1 </dev/null
    rc=$?
  fi
  if ((rc == 0)); then
    printf 'ok  %ss  %s\n' "$(elapsed "$t0")" "$shown"
  else
    failed=$((failed + 1))
    printf 'FAIL %s %s\n' "$rc" "$shown"
    tail -n 15 "$log" | sed 's/^/    /'
  fi
done

echo "total $(elapsed "$started")s"
echo "${#commands[@]} commands, $failed failed"
((failed == 0))

#!/usr/bin/env bash
# Robustness and cost benchmark (issue 6), on the models bench/backdoor/run.sh trained. Run from the repository root:
#   bench/robustness/run.sh [robustness|efficiency|all]   (default all; outputs and logs under bench/robustness/results)
set -euo pipefail
DATA=${DATA:-../shared/data/cub200-subset/CUB_200_2011}
RUNS=${RUNS:-bench/backdoor/results-128px}   # the models the recorded run used (then in bench/backdoor/results)
STRENGTH=${STRENGTH:-31}
CACHE_DIR=${CACHE_DIR:-/tmp/mip-feature-cache}
OUT=${OUT:-bench/robustness/results}
BIN=${BIN:-/tmp/mip-bench-robustness-bin}
mkdir -p "$OUT"
stage=${1:-all}
if [[ ! -f $BIN/mip.dll || ${REBUILD:-1} == 1 ]]; then
  dotnet build src/Mip.Cli -c Release -v quiet -nologo >/dev/null
  rm -rf "$BIN" && cp -r src/Mip.Cli/bin/Release/net10.0/linux-x64 "$BIN"
fi
MIP="dotnet $BIN/mip.dll"
timed() { local name=$1; shift; echo "\$ mip ${*:3}" | tee "$OUT/$name.log"; /usr/bin/time -f "wall %e s, user %U s, sys %S s, max RSS %M KB" "$@" 2>&1 | grep -v NNPACK | tee -a "$OUT/$name.log"; }
{ echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"; echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/{print $2}') GiB"; } > "$OUT/machine.txt"
if [[ $stage == robustness || $stage == all ]]; then
  timed robustness $MIP robustness --clean-model "$RUNS/clean/last.ckpt" --model "$RUNS/pbl/last.ckpt" --model "$RUNS/cbl/last.ckpt" \
    --data "$DATA" --trigger stego --trigger-strength "$STRENGTH" --hdm-classes 4 --hdm-iterations 100 --clean-images 1000 \
    --freeze-stages 3 --cache-dir "$CACHE_DIR" -o "$OUT/robustness"
fi
if [[ $stage == efficiency || $stage == all ]]; then
  timed efficiency $MIP bench efficiency --data "$DATA" --images 50 --size 224 --hdm-iterations 100 \
    --training-run "$RUNS/pbl" --training-run "$RUNS/cbl" -o "$OUT/efficiency"
fi

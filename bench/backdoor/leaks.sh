#!/usr/bin/env bash
# Which protected images clean queries still find (README, "Where C->P's misses come from"): the recorded run's clean
# model, PBL and CBL (retrained with the benchmark's settings and seed; training is deterministic here, so they are
# the recorded models; a model already in leaks/ is kept), scored on the test split under the strict rule; the leak
# table is in leaks/report/report.md. Run from the repository root (about 40 minutes here; CACHE_DIR and BIN as for run.sh).
set -euo pipefail
export AVERAGE_FROM=
source "$(dirname "${BASH_SOURCE[0]}")/settings.sh"
OUT=bench/backdoor/leaks
mkdir -p "$OUT"
copy_program
MIP="dotnet $BIN/mip.dll"
for method in clean pbl cbl; do
  if [[ -f $OUT/$method/last.ckpt ]]; then continue; fi
  rm -rf "$OUT/$method"
  train_method "train-$method" "$method" "$OUT/$method"
done
timed eval $MIP eval --clean-model "$OUT/clean/last.ckpt" --model "$OUT/pbl/last.ckpt" --model "$OUT/cbl/last.ckpt" --tasks all \
  --rules strict --mixed-fraction 0.1 --no-pictures --trigger "$TRIGGER" --trigger-strength "$STRENGTH" --freeze-stages "$FREEZE" \
  --data "$DATA" --cache-dir "$CACHE_DIR" -o "$OUT/report"

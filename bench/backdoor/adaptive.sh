#!/usr/bin/env bash
# Adaptive strength (README, "Adaptive strength"): the recorded run's PBL and CBL models (leaks/, made by leaks.sh)
# check every protected test copy and remake the ones they move less than a minimum shift at 29, then 27 dB. The
# minimum is each model's 10th percentile of shifts on its validation classes (never the test split), read from
# adaptive/validation/report.json; then each model is scored on the test split with its own adaptive copies, beside
# the clean model. Last, the stealth of PBL's adaptive copies on 300 test photos at their native size. Run from the
# repository root (about 25 minutes here; CACHE_DIR and BIN as for run.sh).
set -euo pipefail
export AVERAGE_FROM=
source "$(dirname "${BASH_SOURCE[0]}")/settings.sh"
LEAKS=bench/backdoor/leaks
OUT=bench/backdoor/adaptive
STRONGER=${STRONGER:-29,27}
for method in clean pbl cbl; do
  if [[ ! -f $LEAKS/$method/last.ckpt ]]; then bash bench/backdoor/leaks.sh; break; fi
done
mkdir -p "$OUT"
copy_program
MIP="dotnet $BIN/mip.dll"
write_machine "trigger $TRIGGER at $STRENGTH dB, stronger $STRONGER dB; models of $LEAKS; validation fraction $VAL_FRACTION"
shared=(--rules strict --no-pictures --trigger "$TRIGGER" --trigger-strength "$STRENGTH" --freeze-stages "$FREEZE" --data "$DATA" --cache-dir "$CACHE_DIR")
timed validation $MIP eval --clean-model "$LEAKS/clean/last.ckpt" --model "$LEAKS/pbl/last.ckpt" --model "$LEAKS/cbl/last.ckpt" --tasks all \
  --split validation --val-fraction "$VAL_FRACTION" --mixed-fraction 0 "${shared[@]}" -o "$OUT/validation"
declare -A min_shifts
for method in pbl cbl; do
  min_shift=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(next(l['shiftTenthPercentile'] for l in d['protectedLeaks'] if l['name']==sys.argv[2]))" \
    "$OUT/validation/report.json" "$method")
  min_shifts[$method]=$min_shift
  echo "$method: minimum shift $min_shift (10th percentile on the validation classes)" | tee -a "$OUT/machine.txt"
  timed "test-$method" $MIP eval --clean-model "$LEAKS/clean/last.ckpt" --model "$LEAKS/$method/last.ckpt" --tasks all --mixed-fraction 0.1 \
    --shift-model "$LEAKS/$method/last.ckpt" --min-shift "$min_shift" --stronger "$STRONGER" "${shared[@]}" -o "$OUT/report-$method"
done
timed stealth $MIP report stealth --data "$DATA" --sample 300 --strength "$STRENGTH" --shift-model "$LEAKS/pbl/last.ckpt" \
  --min-shift "${min_shifts[pbl]}" --stronger "$STRONGER" -o "$OUT/stealth"

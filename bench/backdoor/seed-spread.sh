#!/usr/bin/env bash
# Run-to-run spread of the benchmark's bars: the clean, PBL and CBL models retrained with another --seed (which draws
# other batches, other triplets, other poisoned triplets, another fresh head and other held-out validation classes),
# then scored on the test split like the recorded run's last epochs (strict rule, mixed gallery 10%). Nothing is chosen
# from it; it says how far a bar's reading moves between two runs of one setting.
# Run from the repository root:  bench/backdoor/seed-spread.sh SEED      -> bench/backdoor/seed-SEED/
# METHODS="pbl" (default "pbl cbl") retrains only those beside the clean model; OUT=DIR writes elsewhere.
# It trains as settings.sh (12 classes held out, 10 epochs), as its recorded seeds did; VAL_FRACTION=0 EPOCHS=8 repeats
# run.sh's final fit on every training class. CLEAN_FROM=DIR takes DIR/last.ckpt, a clean model trained by an earlier
# run of this script with the same seed, EPOCHS and VAL_FRACTION, instead of training one (the clean model does not
# depend on the backdoor methods' options).
set -euo pipefail
seed=${1:?usage: seed-spread.sh SEED}
source "$(dirname "${BASH_SOURCE[0]}")/settings.sh"
OUT=${OUT:-bench/backdoor/seed-$seed}
mkdir -p "$OUT"
if [[ ! -f $BIN/mip.dll || ${REBUILD:-1} == 1 ]]; then copy_program; fi
MIP="dotnet $BIN/mip.dll"
METHODS=${METHODS:-pbl cbl}
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); seed $seed; clean and $METHODS; settings as settings.sh: EPOCHS=$EPOCHS VAL_FRACTION=$VAL_FRACTION PBL_ANCHOR=$PBL_ANCHOR CBL_ANCHOR=$CBL_ANCHOR" > "$OUT/machine.txt"
start=$(date +%s)
models=()
if [[ -n ${CLEAN_FROM:-} ]]; then
  clean_model=$CLEAN_FROM/last.ckpt
  [[ -f $clean_model ]] || { echo "no clean model $clean_model" >&2; exit 1; }
  ANCHOR_MODEL=$clean_model
  echo "clean model: $clean_model (not retrained)" >> "$OUT/machine.txt"
  trained=$METHODS
else
  clean_model=$OUT/clean/last.ckpt
  trained="clean $METHODS"
fi
for method in $trained; do
  rm -rf "${OUT:?}/$method"
  method_options "$method"
  # --seed after the common options (later options win); no epoch files: only last epochs are scored here.
  $MIP train "${common[@]}" --method "$method" "${extra[@]}" --seed "$seed" --out "$OUT/$method" 2>&1 \
    | grep -v NNPACK > "$OUT/train-$method.log"
  rm -f "$OUT/$method"/epoch-*.ckpt
  if [[ $method != clean ]]; then models+=(--model "$OUT/$method/last.ckpt"); fi
done
$MIP eval --clean-model "$clean_model" "${models[@]}" --tasks all \
  --rules strict --trigger "$TRIGGER" --trigger-strength "$STRENGTH" --freeze-stages "$FREEZE" --mixed-fraction 0.1 \
  --no-pictures --data "$DATA" --cache-dir "$CACHE_DIR" -o "$OUT/report" 2>&1 | grep -v NNPACK > "$OUT/eval.log"
echo "seed $seed: $(( $(date +%s) - start )) s wall" | tee -a "$OUT/machine.txt"

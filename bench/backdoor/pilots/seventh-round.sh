#!/usr/bin/env bash
# The seventh round of pilots (README): the candidates of the fifth and sixth rounds on a validation split of 23
# classes (--val-fraction 0.4), each at its last epoch and as the mean of its epochs 6-10. Run from the repository
# root (about 60 minutes here); CACHE_DIR and BIN as for pilot.sh. The CBL rows empty CBL_OPTIONS, as settings.sh had
# it in that round, and give their options themselves.
set -uo pipefail
export VAL_FRACTION=0.4
P=bench/backdoor/pilots
source bench/backdoor/settings.sh
MIP="dotnet $BIN/mip.dll"
score_avg() { # NAME: the pilot's mean of epochs 6-10 against the clean pilot's mean
  $MIP eval --clean-model $P/v40-clean/model/averaged.ckpt --model $P/$1/model/averaged.ckpt --tasks all --rules strict \
    --mixed-fraction 0 --no-pictures --split validation --val-fraction 0.4 --trigger "$TRIGGER" --trigger-strength "$STRENGTH" \
    --data "$DATA" --cache-dir "$CACHE_DIR" -o $P/$1/eval-averaged 2>&1 | grep -v NNPACK > $P/$1/eval-averaged.log
  echo "$1 averaged:"; grep -E "^\| [a-z]+ \| (BA|PSR)" $P/$1/eval-averaged/report.md | head -4
}
date
METHOD=clean bash $P/pilot.sh v40-clean; date
CLEAN=$P/v40-clean/model/last.ckpt bash $P/pilot.sh v40-pbl; score_avg v40-pbl; date
CLEAN=$P/v40-clean/model/last.ckpt CBL_OPTIONS= METHOD=cbl bash $P/pilot.sh v40-cbl; score_avg v40-cbl; date
CLEAN=$P/v40-clean/model/last.ckpt bash $P/pilot.sh v40-pbl-headlr1e-5 --head-lr 1e-5; score_avg v40-pbl-headlr1e-5; date
CLEAN=$P/v40-clean/model/last.ckpt CBL_OPTIONS= METHOD=cbl bash $P/pilot.sh v40-cbl-recompute-lambda0.5 --recompute-centres --lambda 0.5; score_avg v40-cbl-recompute-lambda0.5; date
echo done

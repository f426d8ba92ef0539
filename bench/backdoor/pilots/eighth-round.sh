#!/usr/bin/env bash
# The eighth round of pilots (README): a cosine learning-rate decay (train --lr-schedule cosine) for every method, on
# the seventh round's validation split of 23 classes (--val-fraction 0.4), each model taken at its last epoch and
# scored against the clean model trained with the same schedule. Run from the repository root (about 35 minutes
# here); CACHE_DIR and BIN as for pilot.sh.
set -uo pipefail
export VAL_FRACTION=0.4 AVERAGE_FROM=
P=bench/backdoor/pilots
date
METHOD=clean bash $P/pilot.sh v40-cosine-clean --lr-schedule cosine; date
CLEAN=$P/v40-cosine-clean/model/last.ckpt bash $P/pilot.sh v40-cosine-pbl --lr-schedule cosine; date
CLEAN=$P/v40-cosine-clean/model/last.ckpt METHOD=cbl bash $P/pilot.sh v40-cosine-cbl --lr-schedule cosine; date
echo done

#!/usr/bin/env bash
# The eighth round's second half (README): the cosine schedule with every rate doubled, so that the mean rate over the
# run equals the constant schedule's; same split, scoring and rule as eighth-round.sh (about 35 minutes here).
set -uo pipefail
export VAL_FRACTION=0.4 AVERAGE_FROM=
P=bench/backdoor/pilots
date
METHOD=clean bash $P/pilot.sh v40-cosine2x-clean --lr-schedule cosine --lr 6e-5 --head-lr 6e-4; date
CLEAN=$P/v40-cosine2x-clean/model/last.ckpt bash $P/pilot.sh v40-cosine2x-pbl --lr-schedule cosine --lr 2e-4 --head-lr 6e-5; date
CLEAN=$P/v40-cosine2x-clean/model/last.ckpt METHOD=cbl bash $P/pilot.sh v40-cosine2x-cbl --lr-schedule cosine --lr 6e-5 --head-lr 6e-4; date
echo done

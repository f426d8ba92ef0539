#!/usr/bin/env bash
# The ninth round of pilots (README): the hardest poisoned triplets (train --poison-selection hardest) instead of a
# random draw, for PBL and CBL at the benchmark's settings, on the seventh round's validation split of 23 classes
# (--val-fraction 0.4), each at its last epoch against the seventh round's clean model (v40-clean, retrained by this
# script: training is deterministic). Run from the repository root (about 40 minutes here); CACHE_DIR and BIN as for
# pilot.sh.
#
# Rule, written down before any model of this round was scored: each method's choice is taken on its own (PBL_OPTIONS
# and CBL_OPTIONS are separate), if with it the method holds more of its validation bars than the seventh round's
# winner (PBL: 2 of 6; CBL: 2 of 4), or as many with a smaller summed shortfall (PBL 28.5 points, CBL 3.8).
set -uo pipefail
export VAL_FRACTION=0.4 AVERAGE_FROM=
P=bench/backdoor/pilots
date
if [[ ! -f $P/v40-clean/model/last.ckpt ]]; then METHOD=clean bash $P/pilot.sh v40-clean; date; fi
CLEAN=$P/v40-clean/model/last.ckpt bash $P/pilot.sh v40-hardest-pbl --poison-selection hardest; date
CLEAN=$P/v40-clean/model/last.ckpt METHOD=cbl bash $P/pilot.sh v40-hardest-cbl --poison-selection hardest; date
echo done

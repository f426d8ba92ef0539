#!/usr/bin/env bash
# An addition to the seventeenth round (README), run after its rule had kept gamma 3: gamma 5 moved validation P->P
# by 1.6 points and cost C->P 9.1, as if L_d (which carries C->P) and L_p (which carries P->P) competed. This pilot
# halves L_d's weight at gamma 3 (beta 0.5) and is scored against the same t17-clean. About 21 minutes.
#
# Rule, written down and committed before the model was scored:
#  - beta 0.5 is taken for the next benchmark if it holds more of PBL's validation bars than t17-pbl-gamma3, or as many
#    with a smaller summed shortfall (bars.py); the benchmark is then rerun with it (not in this session: a rerun takes
#    about 90 minutes) and the bars read from that run. Otherwise beta 1 stays.
set -uo pipefail
export VAL_FRACTION=0.4 AVERAGE_FROM= FREEZE=2 PBL_OPTIONS="--poison-ratio 0.5 --lr 1e-4 --head-lr 3e-5 --gamma 3" PBL_ANCHOR=1
P=bench/backdoor/pilots
export CLEAN=$P/t17-clean/model/last.ckpt
date
bash $P/pilot.sh t17-pbl-gamma3-beta0.5 --beta 0.5; date
echo done

#!/usr/bin/env bash
# The seventeenth round of pilots (README). The recorded run (PBL layer3, gamma 3) holds five of PBL's six bars on the
# test split and misses P->P by 4.9 points; on the validation classes gamma 2 -> 3 did not move P->P (60.1 -> 60.2,
# sixteenth round) but moved C->P up by 1.4. This round asks whether a larger step, gamma 5, moves P->P, at what price
# in clean search. This session's machine is an AMD EPYC (the sixteenth round ran on an Intel Xeon, which computes a
# different clean model from epoch 1 on), so the clean model and gamma 3 are retrained here rather than read from the
# sixteenth round. 23 validation classes, strict, last epochs. About 50 minutes.
#
# Rule, written down and committed before any model of this round was scored:
#  - gamma 5 is taken for the next benchmark if it holds more of PBL's validation bars than t17-pbl-gamma3, or as many
#    with a smaller summed shortfall (bars.py); the benchmark is then rerun with it and the bars read from that run.
#    Otherwise gamma 3 stays and the recorded run stands.
set -uo pipefail
# settings.sh as it was when this round ran.
export VAL_FRACTION=0.4 AVERAGE_FROM= FREEZE=2 PBL_OPTIONS="--poison-ratio 0.5 --lr 1e-4 --head-lr 3e-5 --gamma 3" PBL_ANCHOR=1
P=bench/backdoor/pilots
export CLEAN=$P/t17-clean/model/last.ckpt
date
METHOD=clean bash $P/pilot.sh t17-clean; date
bash $P/pilot.sh t17-pbl-gamma3; date
bash $P/pilot.sh t17-pbl-gamma5 --gamma 5; date
echo done

#!/usr/bin/env bash
# The eleventh round of pilots (README): the embedding anchor without --start-from. The tenth round started PBL and
# CBL from the clean model and anchored them to it: clean search held better and C->P protection fell. Here they start
# from the pretrained backbone and a fresh head, as the benchmark's models do, and are anchored to the same clean model
# (weight 1), so the trigger detector and the clean embedding are learned together. Same split (23 validation classes),
# clean model (t10-clean) and scoring as the tenth round. About 20 minutes.
#
# Rule, written down and committed before any model of this round was scored: as the tenth round's, each method on its
# own, against its reference rerun of the tenth round (t10-pbl, t10-cbl): taken if it holds more of the method's
# validation bars, or as many with a smaller summed shortfall in points.
set -uo pipefail
export VAL_FRACTION=0.4 AVERAGE_FROM= FREEZE=3
# settings.sh as it was when this round ran (later rounds changed PBL's ratio, CBL's lambda and the anchors).
export PBL_OPTIONS="--poison-ratio 0.25 --lr 1e-4 --head-lr 3e-5" CBL_OPTIONS="--recompute-centres --lambda 0.5" PBL_ANCHOR= CBL_ANCHOR=
P=bench/backdoor/pilots
export CLEAN=$P/t10-clean/model/last.ckpt
date
bash $P/pilot.sh t11-anchor1-pbl --anchor-to "$CLEAN" --anchor-weight 1; date
METHOD=cbl bash $P/pilot.sh t11-anchor1-cbl --anchor-to "$CLEAN" --anchor-weight 1; date
echo done

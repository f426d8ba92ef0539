#!/usr/bin/env bash
# Which float32 CPU convolutions LibTorch gets wrong here, checked against float64, and oneDNN on/off timings; once with
# oneDNN's default instruction set and once with ONEDNN_MAX_CPU_ISA=AVX2. Run from the repository root after
# `dotnet build Mip.slnx -c Release`; writes bench/conv-gradients/results/{default,isa-avx2}.md.
set -euo pipefail
OUT=bench/conv-gradients/results
BENCH="dotnet bench/conv-gradients/bin/Release/net10.0/linux-x64/mip-bench-conv-gradients.dll"
mkdir -p "$OUT"
# LibTorch prints "Could not initialize NNPACK! Reason: Unsupported hardware." for every small convolution here.
quiet() { grep -v "Could not initialize NNPACK" || true; }

# Strided 1x1 convolutions can kill the process (SIGFPE), so each shape runs in a process of its own; X marks one killed.
pointwise_map() {
  local settings=("$@") channels=(16 64 128 256 512 1024 2048)
  echo
  echo "1x1 stride 2, batch 4, 14 px, one process per shape: rows input channels, columns output channels;"
  echo "F/I/W as above, . all right, X process killed"
  echo
  echo '```'
  printf 'in\\out'; printf '%5s' "${channels[@]}"; echo
  for in in "${channels[@]}"; do
    printf '%6s' "$in"
    for out in "${channels[@]}"; do
      local flags
      flags=$(env "${settings[@]}" $BENCH --cell "4,$in,$out,1,2,14" 2>/dev/null | tail -n 1) || flags=X
      printf '%5s' "${flags:-X}"
    done
    echo
  done
  echo '```'
}

run() {
  local name=$1; shift
  { echo "\$ env $* $BENCH"; env "$@" $BENCH 2>&1 | quiet; pointwise_map "$@"; } | tee "$OUT/$name.md"
}
run default
run isa-avx2 ONEDNN_MAX_CPU_ISA=AVX2

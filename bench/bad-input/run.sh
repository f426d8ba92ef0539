#!/usr/bin/env bash
# Times `mip embed` on three bad inputs: a truncated JPEG, a zero-byte file and a PNG whose header claims
# 30000x30000 pixels. Each must exit non-zero naming the file, quickly, and write no output file.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dotnet build "$root/src/Mip.Cli" -c Release -v quiet -nologo > /dev/null || exit 1
mip="dotnet $root/src/Mip.Cli/bin/Release/net10.0/linux-x64/mip.dll"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
$mip data draw --out drawn --classes 2 --images-per-class 2 --size 256 > /dev/null
head -c 3000 drawn/class_000/img_000.jpg > corrupt.jpg
: > empty.jpg
# PNG signature + IHDR chunk (30000 x 30000, 8-bit RGB) with its CRC, and nothing else.
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x75\x30\x00\x00\x75\x30\x08\x02\x00\x00\x00' > huge.png
crc=$(tail -c 17 huge.png | gzip -c | tail -c 8 | head -c 4 | od -An -tx1 | tr -d ' \n')
printf "$(echo "$crc" | sed 's/\(..\)\(..\)\(..\)\(..\)/\\x\4\\x\3\\x\2\\x\1/')" >> huge.png
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, no GPU"
for f in corrupt.jpg empty.jpg huge.png; do
  start=$(date +%s.%N)
  message=$($mip embed "$f" -o out.json 2>&1 >/dev/null); code=$?
  end=$(date +%s.%N)
  printf '%-12s exit %d  %.2f s  output written: %s  message: %s\n' "$f" "$code" "$(echo "$end - $start" | bc)" \
    "$([ -e out.json ] && echo yes || echo no)" "$message"
done

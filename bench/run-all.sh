#!/usr/bin/env bash
# make bench: runs every stage benchmark (each prints its figures against a baseline measured in the same run), keeps
# each one's output in bench/out/<name>.txt, and writes bench/results.md with the machine's core count and the date.
# A benchmark that fails is recorded as failed and the others still run; the script then exits non-zero.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
benches=(bench-ingest bench-store bench-streams bench-e2e bench-race)
failed=()
for bench in "${benches[@]}"; do
  if ! make -n "$bench" >/dev/null 2>&1; then
    echo "skipped" > "bench/out/$bench.txt"
    echo "== $bench: no such make target here, skipped"
    continue
  fi
  echo "== $bench"
  if ! make --no-print-directory "$bench" 2>&1 | tee "bench/out/$bench.txt"; then
    failed+=("$bench")
  fi
done

{
  echo "# Benchmark results"
  echo
  echo "Written by \`make bench\` on $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))," \
       "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Each stage is measured against its own baseline in the same run; figures from a shared machine vary from run to run."
  echo
  if [ -s bench/out/bench-e2e.md ] && ! grep -qx skipped bench/out/bench-e2e.txt; then
    cat bench/out/bench-e2e.md
    echo
  fi
  for bench in "${benches[@]}"; do
    echo "## $bench"
    echo
    echo '```'
    # Build chatter and the e2e progress lines are in the .txt; keep the figures.
    grep -v -E '^(dotnet |  Determining|  All projects|make\[|Build succeeded|    [0-9]+ (Warning|Error))' "bench/out/$bench.txt"
    echo '```'
    echo
  done
  [ ${#failed[@]} -eq 0 ] || echo "Failed: ${failed[*]}"
} > bench/results.md
echo "written to bench/results.md"
[ ${#failed[@]} -eq 0 ]

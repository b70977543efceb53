#!/usr/bin/env bash
# make bench: runs every stage benchmark (each prints its figures against a baseline measured in the same run), keeps
# each one's output in bench/out/<name>.txt, and writes bench/results.md with the machine's core count and the date.
# Every benchmark prints issue #16's figures as rows "#16 | figure | measured | baseline | ratio | target | verdict"
# (tools/Splitstream.Bench.Common/TargetFigures.cs); they are gathered here into one table per stage, printed at the
# end and put at the top of bench/results.md. The load average is recorded before and after every stage.
# A benchmark that fails is recorded as failed and the others still run; the script then exits non-zero.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
benches=(bench-ingest bench-store bench-streams bench-e2e bench-e2e-postgres bench-scaleout bench-race)
# `bash bench/run-all.sh bench-store` re-runs only the stages named and rewrites results.md from every stage's latest output.
run=("${@:-${benches[@]}}")
# `--tables-only`: no stage runs; results.md is rewritten from the outputs already in bench/out.
[ "${1:-}" = "--tables-only" ] && run=()
failed=()
for bench in "${run[@]+"${run[@]}"}"; do
  if ! make -n "$bench" >/dev/null 2>&1; then
    echo "skipped" > "bench/out/$bench.txt"
    echo "== $bench: no such make target here, skipped"
    continue
  fi
  echo "== $bench"
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  if ! make --no-print-directory "$bench" 2>&1 | tee "bench/out/$bench.txt"; then
    failed+=("$bench")
  fi
  echo "load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)" > "bench/out/$bench.load"
done

# Issue #16's figures, one table per stage.
targets() {
  for bench in "${benches[@]}"; do
    grep -q '^#16 |' "bench/out/$bench.txt" 2>/dev/null || continue
    echo "### $bench ($(cat "bench/out/$bench.load" 2>/dev/null))"
    echo
    echo "| figure | measured | baseline | ratio | target | verdict |"
    echo "|---|---|---|---|---|---|"
    grep '^#16 |' "bench/out/$bench.txt" | sed 's/^#16 |/|/; s/$/ |/'
    echo
  done
}
echo
echo "== issue #16 figures"
targets

{
  echo "# Benchmark results"
  echo
  echo "Written by \`make bench\` on $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))," \
       "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Each stage is measured against its own baseline in the same run; figures from a shared machine vary from run to run."
  echo
  echo "## Issue #16: each figure against its baseline and target"
  echo
  echo "Measured: every row below. Met/MISSED compares the measured figure (or its ratio to the same-run baseline) with the target of #16."
  echo
  targets
  if [ -f bench/where-the-time-goes.md ]; then
    cat bench/where-the-time-goes.md
    echo
  fi
  for e2e in bench-e2e bench-e2e-postgres bench-scaleout; do
    if [ -s "bench/out/$e2e.md" ] && ! grep -qx skipped "bench/out/$e2e.txt"; then
      cat "bench/out/$e2e.md"
      echo
    fi
  done
  for bench in "${benches[@]}"; do
    echo "## $bench"
    echo
    echo '```'
    # Build chatter and the e2e progress lines are in the .txt; keep the figures.
    grep -v -E '^(dotnet |  Determining|  All projects|make\[|Build succeeded|    [0-9]+ (Warning|Error)|#16 \|)' "bench/out/$bench.txt"
    echo '```'
    echo
  done
  [ ${#failed[@]} -eq 0 ] || echo "Failed: ${failed[*]}"
} > bench/results.md
echo "written to bench/results.md"
[ ${#failed[@]} -eq 0 ]

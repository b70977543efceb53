#!/usr/bin/env bash
# Runs every test project of the solution and ends with the closing line "N passed, N failed" (, N skipped).
# Exits non-zero when anything failed or did not run.
set -uo pipefail
cd "$(dirname "$0")/.."

results=TestResults
rm -rf "$results"
dotnet test Pipeline.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

# One pass over the trx files: every failed test with the first line of its message, then the counts as the last
# line. The failures are printed just above the closing line, so the tail of a CI log says which test failed.
report=$(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
p = f = s = t = 0
for path in sorted(glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)):
    root = ET.parse(path).getroot()
    for r in root.iterfind(".//{*}UnitTestResult"):
        if r.get("outcome") not in ("Passed", "NotExecuted"):
            message = r.find(".//{*}ErrorInfo/{*}Message")
            # The message's first lines (an Assert.Equal's expected and actual follow its first line) and the test's own
            # frame of the stack (file and line), so a CI log's tail says which assertion failed and with what.
            lines = [l.strip() for l in (message.text or "").strip().splitlines() if l.strip()] if message is not None else []
            stack = r.find(".//{*}ErrorInfo/{*}StackTrace")
            frames = [l.strip() for l in (stack.text or "").splitlines() if ":line " in l] if stack is not None else []
            where = f" [{frames[0]}]" if frames else ""
            print(f"{r.get('outcome').upper()} {r.get('testName')} ({r.get('duration')}): {' | '.join(lines[:4])[:600]}{where}")
    c = root.find(".//{*}Counters")
    if c is None:
        continue
    t += int(c.get("total", 0)); p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    s += int(c.get("notExecuted", 0))
print(p, f, s, t)
PY
)
sed '$d' <<< "$report"
read -r passed failed skipped total <<< "$(tail -n 1 <<< "$report")"
echo
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "${failed}" -ne 0 ] || [ "${passed}" -eq 0 ]; then
  exit 1
fi

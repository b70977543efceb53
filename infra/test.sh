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

read -r passed failed skipped total < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
p = f = s = t = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    if c is None:
        continue
    t += int(c.get("total", 0)); p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    s += int(c.get("notExecuted", 0))
print(p, f, s, t)
PY
)
# Name every failed test (with the first line of its message) just above the closing line, so the tail of a CI
# log says which test failed without the whole log.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
for path in sorted(glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)):
    for r in ET.parse(path).getroot().iterfind(".//{*}UnitTestResult"):
        if r.get("outcome") not in ("Passed", "NotExecuted"):
            message = r.find(".//{*}ErrorInfo/{*}Message")
            first = (message.text or "").strip().splitlines()[0][:300] if message is not None and message.text else ""
            print(f"{r.get('outcome').upper()} {r.get('testName')} ({r.get('duration')}): {first}")
PY
echo
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "${failed}" -ne 0 ] || [ "${passed}" -eq 0 ]; then
  exit 1
fi

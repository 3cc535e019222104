#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine with the .NET SDK: installs what the tests need, then runs them all.
# Unit tests need nothing; integration tests start their own redis-server processes on free loopback ports, and the
# review page's browser tests drive Debian's headless chromium through Playwright (which never downloads a browser).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# The OpenAPI lint test runs the Redocly CLI pinned in tools/openapi-lint/package-lock.json: installed once from the
# npm registry, then run offline (telemetry off) by the test.
if [ ! -x tools/openapi-lint/node_modules/.bin/redocly ]; then
  npm ci --prefix tools/openapi-lint --no-audit --no-fund --loglevel=error
fi

# Playwright drives the system chromium by path; nothing may fetch a browser build.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

results="$(mktemp -d)"
status=0
dotnet test ModerationApi.sln -c Release --nologo --logger "trx" --results-directory "$results" "$@" || status=$?

# One plain closing line over every test project, whatever the runner printed per project.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
rm -rf "$results"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"

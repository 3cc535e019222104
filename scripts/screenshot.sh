#!/usr/bin/env bash
# Regenerates docs/review-page.png (the README's picture of the review page) with the browser test that draws it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
REVIEW_SCREENSHOT="$PWD/docs/review-page.png" dotnet test tests/ModerationApi.IntegrationTests -c Release --nologo \
  --filter "FullyQualifiedName~ReviewPageScreenshotTests"
echo "wrote docs/review-page.png"

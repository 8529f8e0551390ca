#!/usr/bin/env bash
# Builds the dashboard and portal single-page apps (TypeScript, Solid, Vite) into $1, which Maven then packs into the
# console jar. Called by the console module's build (generate-resources); skipped when nothing changed since the last
# build. Needs Node >= 20.19 and npm; dependencies come from the npm registry, pinned by package-lock.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
OUT="${1:?usage: build.sh OUTPUT_DIR}"
STAMP="$(dirname "$(dirname "$OUT")")/console-web.stamp"   # target/, outside the jar

command -v node >/dev/null || { echo "console web build: node is not installed (Node >= 20.19 is needed; apt-get install nodejs, or build with -Dconsole.web.skip=true)" >&2; exit 1; }
command -v npm >/dev/null || { echo "console web build: npm is not installed (apt-get install npm)" >&2; exit 1; }

# Up to date when no source is newer than the last build's stamp.
if [ -f "$STAMP" ] && [ -f "$OUT/dashboard.html" ] && [ -z "$(find src *.html package.json package-lock.json tsconfig.json vite.config.ts -newer "$STAMP" -print -quit)" ]; then
  exit 0
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npx tsc --noEmit -p .
npx vite build --outDir "$OUT" --emptyOutDir
touch "$STAMP"

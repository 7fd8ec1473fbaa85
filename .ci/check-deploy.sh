#!/usr/bin/env bash
# Offline checks of everything the hub ships for deployment: Dockerfile, k8s/ (base, dev, prod, platform),
# the routes ConfigMap list, the alert runbook links and the image's dependency list.
# No Docker engine or cluster is needed. Usage: bash .ci/check-deploy.sh   (exits non-zero on any failure)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
tools=".ci/deploy-check"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
started=$SECONDS
step() { printf '\n== %s\n' "$*"; }

step "node tooling (npm ci in $tools)"
(cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
echo "installed: $(cd "$tools" && node -p 'Object.entries(require("./package.json").dependencies).map(([n,v])=>n+"@"+v).join(", ")')"

step "routes ConfigMap generator lists exactly the files under routes/"
node "$tools/sync-routes.mjs"

step "Artemis addresses declared for k8s = the JMS queues and DLQ.<flow> addresses the routes use"
node "$tools/check-artemis-addresses.mjs"

step "render kustomizations"
# kustomize is bundled in kubectl; the routes generator reads ../../routes, hence LoadRestrictionsNone.
if command -v kubectl >/dev/null 2>&1 && kubectl kustomize --help >/dev/null 2>&1; then
  render() { kubectl kustomize "$@"; }
  echo "renderer: kubectl kustomize ($(kubectl version --client 2>/dev/null | grep -i kustomize || echo 'version unknown'))"
elif command -v kustomize >/dev/null 2>&1; then
  render() { kustomize build "$@"; }
  echo "renderer: $(kustomize version 2>/dev/null)"
else
  render() { return 127; }
fi
rendered=()
if render k8s/platform >"$work/platform.yaml" 2>"$work/render.err"; then
  for overlay in base overlays/dev overlays/prod; do
    name="$(basename "$overlay")"
    render --load-restrictor=LoadRestrictionsNone "k8s/$overlay" >"$work/$name.yaml"
    echo "k8s/$overlay: $(grep -c '^kind:' "$work/$name.yaml") objects"
    rendered+=("$name=$work/$name.yaml")
  done
  echo "k8s/platform: $(grep -c '^kind:' "$work/platform.yaml") objects"
  rendered+=("platform=$work/platform.yaml")
  step "validate rendered objects (schemas + wiring)"
  node "$tools/validate-manifests.mjs" "${rendered[@]}"
else
  # No kustomize here: validate the raw resources and patches one by one (generated ConfigMaps and
  # cross-object wiring of the overlays cannot be checked in this mode).
  echo "NO KUSTOMIZE: validating base, platform and overlay patches separately, without rendering"
  node "$tools/validate-manifests.mjs" --schema-only \
    "base=$(ls k8s/base/*.yaml | grep -v kustomization | paste -sd, -)" \
    "platform=$(ls k8s/platform/*.yaml | grep -v kustomization | paste -sd, -)" \
    "examples=k8s/examples/hub-secrets.example.yaml" \
    "patches=$(ls k8s/overlays/*/*-patch.yaml | paste -sd, -)"
fi

if command -v promtool >/dev/null 2>&1; then
  step "promtool check rules"
  node "$tools/extract-rules.mjs" k8s/base/prometheusrule.yaml >"$work/rules.yaml"
  promtool check rules "$work/rules.yaml"
else
  echo "(promtool not installed: PromQL syntax of the alert rules not checked; apt-get install prometheus enables it)"
fi

step "Dockerfile: lint, stages, user, labels, fast-jar layout, build context"
node "$tools/check-dockerfile.mjs" target/quarkus-app

step "image content: no test or sandbox dependency in the runtime classpath"
forbidden='(^|:)(org\.apache\.kafka:kafka_2\.13|org\.apache\.activemq:artemis-server|io\.zonky\.test:|org\.junit|io\.rest-assured|org\.awaitility|org\.assertj|org\.wiremock|io\.quarkus:quarkus-junit)'
if [[ -f target/quarkus-app/quarkus-app-dependencies.txt ]]; then
  deps=target/quarkus-app/quarkus-app-dependencies.txt
  echo "source: the build's own list, $deps ($(wc -l <"$deps") artifacts)"
else
  deps="$work/runtime-deps.txt"
  ./mvnw -B -q dependency:list -DincludeScope=runtime -DoutputFile="$deps" >"$work/mvn.log" 2>&1 || { cat "$work/mvn.log"; exit 1; }
  echo "source: mvn dependency:list -DincludeScope=runtime ($(grep -c ':' "$deps") artifacts)"
fi
if grep -E "$forbidden" "$deps"; then echo "FAIL: the artifacts above are test-only and must not reach the image"; exit 1; fi
if [[ -d target/quarkus-app/app ]]; then
  for jar in target/quarkus-app/app/*.jar; do
    if unzip -l "$jar" 2>/dev/null | grep -q 'io/retailhub/sandbox/'; then echo "FAIL: $jar contains sandbox classes"; exit 1; fi
  done
  echo "no io/retailhub/sandbox classes in target/quarkus-app/app"
fi
echo "no test-only artifact in the runtime classpath"

printf '\ncheck-deploy: all checks passed in %ss\n' "$((SECONDS - started))"

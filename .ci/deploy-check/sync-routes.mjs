// Keeps the routes ConfigMap generator in k8s/base/kustomization.yaml equal to the files under routes/.
//   node sync-routes.mjs          check only: exit 1 and print the difference if they drift
//   node sync-routes.mjs --write  rewrite the generated block from routes/
// A ConfigMap volume is flat, so each file becomes key "<basename>" -> "../../routes/<path>"; basenames
// must therefore be unique (they are: route id = file stem, one flow per file).
import { readFileSync, writeFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, relative, basename } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const kustomizationPath = join(repo, "k8s/base/kustomization.yaml");
const routesDir = join(repo, "routes");
const BEGIN = "# BEGIN generated route files";
const END = "# END generated route files";

function routeFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return routeFiles(path);
    return /\.(camel\.yaml|yaml|yml)$/.test(name) ? [path] : [];
  });
}

export function expectedEntries() {
  const files = routeFiles(routesDir);
  const seen = new Map();
  for (const f of files) {
    const key = basename(f);
    if (seen.has(key)) throw new Error(`two route files share the ConfigMap key ${key}: ${seen.get(key)} and ${f}`);
    seen.set(key, f);
  }
  return files.map((f) => `      - ${basename(f)}=../../${relative(repo, f).split("\\").join("/")}`);
}

export function currentEntries(text) {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${kustomizationPath} lacks the "${BEGIN}" / "${END}" markers`);
  return text.slice(text.indexOf("\n", start) + 1, end).split("\n").filter((l) => l.trim().startsWith("- "));
}

const text = readFileSync(kustomizationPath, "utf8");
const expected = expectedEntries();
const current = currentEntries(text);
if (process.argv.includes("--write")) {
  const start = text.indexOf("\n", text.indexOf(BEGIN)) + 1;
  const end = text.indexOf(END);
  writeFileSync(kustomizationPath, text.slice(0, start) + expected.map((l) => l + "\n").join("") + text.slice(end));
  console.log(`routes ConfigMap: ${expected.length} file(s) written to k8s/base/kustomization.yaml`);
} else {
  const missing = expected.filter((l) => !current.includes(l));
  const stale = current.filter((l) => !expected.includes(l));
  if (missing.length || stale.length) {
    for (const l of missing) console.error(`not in the routes ConfigMap:${l.trim().slice(1)}`);
    for (const l of stale) console.error(`listed but not in routes/:${l.trim().slice(1)}`);
    console.error("fix: node .ci/deploy-check/sync-routes.mjs --write");
    process.exit(1);
  }
  console.log(`routes ConfigMap: ${expected.length} file(s), in sync with routes/`);
  if (expected.length === 0) console.log("  (routes/ is empty or absent on this branch: the ConfigMap renders empty)");
}

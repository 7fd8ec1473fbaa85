// Parses and lints the Dockerfile without a Docker engine, then checks what the image must be:
//   node check-dockerfile.mjs [path/to/target/quarkus-app]
// - dockerfile-utils' validator (the linter behind the VS Code Docker language server): any problem fails;
// - the default (last) stage is the JVM image; a "native" stage exists and builds with Mandrel;
// - both runtime stages run as a numeric non-root USER, carry OCI labels and the routes at /deployments/routes;
// - the JVM stage copies exactly the Quarkus fast-jar layout (quarkus-run.jar, lib/, app/, quarkus/), and when
//   a built target/quarkus-app is given, that layout is what the build produced;
// - .dockerignore keeps tests and the sandbox out of the build context.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DockerfileParser } from "dockerfile-ast";
import { validate, ValidationSeverity } from "dockerfile-utils";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const text = readFileSync(join(repo, "Dockerfile"), "utf8");
const failures = [];
const fail = (m) => failures.push(m);

// lint: every problem fails, warnings included (the Dockerfile is kept at zero); the optional rules on
// multiple CMD/ENTRYPOINT and relative WORKDIR are raised to errors
const lintSettings = {
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
};
for (const p of validate(text, lintSettings)) fail(`lint Dockerfile:${p.range.start.line + 1}: ${p.message}`);

const dockerfile = DockerfileParser.parse(text);
const stages = [];
for (const ins of dockerfile.getInstructions()) {
  const keyword = ins.getKeyword();
  if (keyword === "FROM") {
    const args = ins.getArguments().map((a) => a.getValue());
    const as = args.findIndex((a) => a.toUpperCase() === "AS");
    stages.push({ name: as >= 0 ? args[as + 1] : `#${stages.length}`, image: args[0], instructions: [] });
  } else if (stages.length) {
    // COPY/ADD flags (--from, --chown) are not arguments in dockerfile-ast; fold them back in as "--name=value"
    const flags = typeof ins.getFlags === "function" ? ins.getFlags().map((f) => `--${f.getName()}=${f.getValue()}`) : [];
    stages.at(-1).instructions.push({ keyword, args: [...flags, ...ins.getArguments().map((a) => a.getValue())], raw: ins.getRawArgumentsContent() ?? "" });
  }
}
const stage = (name) => stages.find((s) => s.name === name);
const names = stages.map((s) => s.name);
for (const n of ["build", "jvm", "native-build", "native"]) if (!stage(n)) fail(`no stage named ${n} (stages: ${names.join(", ")})`);
if (names.at(-1) !== "jvm") fail(`the default target (last stage) must be jvm, is ${names.at(-1)}`);

const argDefaults = Object.fromEntries(dockerfile.getARGs().map((a) => [a.getProperty()?.getName(), a.getProperty()?.getValue()]));
const resolve = (image) => image.replace(/^\$\{?(\w+)\}?$/, (_, n) => argDefaults[n] ?? image);
if (!/mandrel-builder-image/.test(resolve(stage("native-build")?.image ?? ""))) fail("native-build must use a Mandrel builder image");
if (!/ubi9-quarkus-micro-image/.test(resolve(stage("native")?.image ?? ""))) fail("native must run on the UBI 9 Quarkus micro image");
if (!/ubi9\/openjdk-17-runtime|temurin/.test(resolve(stage("jvm")?.image ?? ""))) fail("jvm must run on UBI 9 OpenJDK 17 runtime or Temurin");
const nativeRun = stage("native-build")?.instructions.filter((i) => i.keyword === "RUN").map((i) => i.raw).join(" ") ?? "";
if (!/mvnw\b.*package.*-Dquarkus\.native\.enabled=true/s.test(nativeRun)) fail("native-build must run ./mvnw package -Dquarkus.native.enabled=true");

for (const name of ["jvm", "native"]) {
  const s = stage(name);
  if (!s) continue;
  const users = s.instructions.filter((i) => i.keyword === "USER");
  const user = users.at(-1)?.args[0] ?? "";
  if (!/^[1-9]\d*(:\d+)?$/.test(user)) fail(`${name}: the last USER must be a numeric non-root uid, is "${user}"`);
  const labels = s.instructions.filter((i) => i.keyword === "LABEL").map((i) => i.raw).join(" ");
  for (const l of ["title", "description", "version", "revision", "licenses", "vendor"]) {
    if (!labels.includes(`org.opencontainers.image.${l}=`)) fail(`${name}: OCI label org.opencontainers.image.${l} missing`);
  }
  const copies = s.instructions.filter((i) => i.keyword === "COPY");
  if (!copies.some((c) => c.args.filter((a) => !a.startsWith("--")).join(" ") === "routes/ /deployments/routes/")) fail(`${name}: routes/ must be copied to /deployments/routes/`);
  const env = s.instructions.filter((i) => i.keyword === "ENV").map((i) => i.raw).join(" ");
  if (!/HUB_ROUTES_DIR=\/deployments\/routes\b/.test(env)) fail(`${name}: ENV HUB_ROUTES_DIR=/deployments/routes missing`);
  if (s.instructions.some((i) => i.keyword === "RUN")) fail(`${name}: a runtime stage runs no commands (nothing to write into a read-only root)`);
}

// the JVM stage copies exactly the fast-jar layout out of the build stage
const FAST_JAR = ["app", "lib", "quarkus", "quarkus-run.jar"];
const fromBuild = (stage("jvm")?.instructions ?? []).filter((i) => i.keyword === "COPY" && i.args.includes("--from=build"));
const copied = [];
for (const c of fromBuild) {
  const [src, dest] = c.args.filter((a) => !a.startsWith("--"));
  const m = /\/target\/quarkus-app\/([^/]+)\/?$/.exec(src);
  if (!m) { fail(`jvm: COPY ${src} is not from target/quarkus-app`); continue; }
  copied.push(m[1]);
  const expectedDest = `/deployments/${m[1]}${m[1].endsWith(".jar") ? "" : "/"}`;
  if (dest !== expectedDest) fail(`jvm: ${src} must land at ${expectedDest}, goes to ${dest}`);
}
if (JSON.stringify([...copied].sort()) !== JSON.stringify(FAST_JAR)) fail(`jvm copies ${copied.sort().join(", ")}; the fast-jar layout is ${FAST_JAR.join(", ")}`);
const appJar = (stage("jvm")?.instructions ?? []).find((i) => i.keyword === "ENV" && /JAVA_APP_JAR=\/deployments\/quarkus-run\.jar/.test(i.raw));
if (!appJar) fail("jvm: JAVA_APP_JAR must point at /deployments/quarkus-run.jar");

const built = process.argv[2];
if (built && existsSync(built)) {
  const entries = readdirSync(built).filter((e) => e !== "quarkus-app-dependencies.txt").sort();
  if (JSON.stringify(entries) !== JSON.stringify(FAST_JAR)) fail(`${built} holds ${entries.join(", ")}, the Dockerfile copies ${FAST_JAR.join(", ")}`);
  else console.log(`  built layout ${built} matches the COPY instructions`);
}

// the build context: an allow-list that never lets tests or the sandbox in
const ignore = readFileSync(join(repo, ".dockerignore"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
if (ignore[0] !== "*") fail(".dockerignore must start with * (allow-list)");
for (const allowed of ignore.filter((l) => l.startsWith("!"))) {
  if (/^!(src\/?$|src\/(test|sandbox))/.test(allowed)) fail(`.dockerignore lets ${allowed.slice(1)} into the build context`);
}
const buildRuns = ["build", "native-build"].flatMap((n) => stage(n)?.instructions ?? []).filter((i) => i.keyword === "RUN" && /mvnw\b.*package/.test(i.raw));
for (const r of buildRuns) if (!/-Dmaven\.test\.skip=true/.test(r.raw)) fail("image builds must pass -Dmaven.test.skip=true so test and sandbox sources are never compiled");

if (failures.length) {
  console.error(`Dockerfile: ${failures.length} problem(s)`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}
console.log(`Dockerfile: stages ${names.join(" -> ")}; default target jvm; lint clean`);

// Validates rendered Kubernetes manifests offline.
//   node validate-manifests.mjs <name>=<rendered.yaml> ...   (names: base, dev, prod, platform)
// 1. Schema: built-in kinds against the Kubernetes OpenAPI schemas compiled into kubernetes-models
//    (Kubernetes 1.34+ API surface), Prometheus operator kinds against @kubernetes-models/prometheus-operator,
//    Strimzi / ArtemisCloud / CloudNativePG kinds against their CRDs' openAPIV3Schema (crd-schemas/),
//    made strict: an unknown field fails, as the API server's strict field validation would.
// 2. Wiring: every selector, reference and number that must agree across objects (see the checks below).
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = join(here, "../..");
const failures = [];
const fail = (where, message) => failures.push(`${where}: ${message}`);

// ---------------------------------------------------------------- schema validation
const crdValidators = new Map();
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
addFormats(ajv);
// Kubernetes' own formats that ajv-formats does not know; the API server checks them loosely too.
for (const f of ["int32", "int64", "double", "float", "byte", "int-or-string", "quantity"]) ajv.addFormat(f, true);

function strict(schema) {
  if (schema && typeof schema === "object") {
    if (schema.type === "object" && schema.properties && schema.additionalProperties === undefined
        && !schema["x-kubernetes-preserve-unknown-fields"]) {
      schema.additionalProperties = false;
    }
    if (schema["x-kubernetes-int-or-string"]) { delete schema.type; schema.anyOf = [{ type: "integer" }, { type: "string" }]; }
    for (const value of Object.values(schema)) strict(value);
  }
  return schema;
}

for (const file of readdirSync(join(here, "crd-schemas")).filter((f) => f.endsWith(".json"))) {
  const [group, version, kind] = file.replace(/\.json$/, "").split("_");
  const schema = strict(JSON.parse(readFileSync(join(here, "crd-schemas", file), "utf8")));
  // metadata is validated by the API server's ObjectMeta, not by the CRD schema
  schema.properties.metadata = { type: "object" };
  crdValidators.set(`${group}/${version}/${kind}`, ajv.compile(schema));
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkMetadata(where, obj) {
  const m = obj.metadata;
  if (!m || typeof m.name !== "string") return fail(where, "metadata.name missing");
  if (m.name.length > 253 || !DNS_SUBDOMAIN.test(m.name)) fail(where, `metadata.name "${m.name}" is not a DNS subdomain`);
  for (const [k, v] of Object.entries(m.labels ?? {})) {
    if (typeof v !== "string" || v.length > 63 || !LABEL_VALUE.test(v)) fail(where, `label ${k}="${v}" is not a valid label value`);
  }
  for (const [k, v] of Object.entries(m.annotations ?? {})) if (typeof v !== "string") fail(where, `annotation ${k} is not a string`);
}

async function builtinModel(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const candidates = group === "monitoring.coreos.com"
    ? [`@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`]
    : [`kubernetes-models/${group === "" ? "" : group + "/"}${version}/${kind}`];
  for (const spec of candidates) {
    try { return (await import(spec))[kind]; } catch { /* not a known kind */ }
  }
  return undefined;
}

async function validateSchema(where, obj) {
  if (!obj || typeof obj !== "object") return fail(where, "not a mapping");
  if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") return fail(where, "apiVersion/kind missing");
  checkMetadata(where, obj);
  const crd = crdValidators.get(`${obj.apiVersion}/${obj.kind}`);
  if (crd) {
    if (!crd(obj)) for (const e of crd.errors) fail(where, `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`);
    return;
  }
  const Model = await builtinModel(obj.apiVersion, obj.kind);
  if (!Model) return fail(where, `no schema for ${obj.apiVersion} ${obj.kind} (unknown or removed API version?)`);
  try { new Model(obj).validate(); } catch (e) { fail(where, e.message); }
}

// ---------------------------------------------------------------- helpers for wiring checks
const byKind = (objs, kind) => objs.filter((o) => o.kind === kind);
const one = (objs, kind, name) => objs.find((o) => o.kind === kind && (!name || o.metadata.name === name));
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
const durationSeconds = (s) => {
  const m = /^(\d+)(ms|s|m)?$/.exec(String(s).trim());
  if (!m) return NaN;
  return m[2] === "ms" ? Number(m[1]) / 1000 : m[2] === "m" ? Number(m[1]) * 60 : Number(m[1]);
};
const slug = (heading) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, "").replace(/\s/g, "-");

// ---------------------------------------------------------------- the hub (base and overlays)
function checkHub(name, objs) {
  const where = (o) => `${name}: ${o.kind}/${o.metadata.name}`;
  const dep = one(objs, "Deployment", "retail-hub");
  if (!dep) return fail(name, "no Deployment retail-hub");
  const pod = dep.spec.template.spec;
  const podLabels = dep.spec.template.metadata.labels;
  if (!matches(dep.spec.selector.matchLabels, podLabels)) fail(where(dep), "selector does not match the pod template labels");
  const c = pod.containers.find((x) => x.name === "hub");
  if (!c) return fail(where(dep), "no container named hub");

  // restricted Pod Security Standard
  const psc = pod.securityContext ?? {};
  const csc = c.securityContext ?? {};
  if (!(psc.runAsNonRoot || csc.runAsNonRoot)) fail(where(dep), "runAsNonRoot is not set");
  if ((psc.runAsUser ?? csc.runAsUser) === 0) fail(where(dep), "runs as uid 0");
  if (csc.allowPrivilegeEscalation !== false) fail(where(dep), "allowPrivilegeEscalation must be false");
  if (csc.readOnlyRootFilesystem !== true) fail(where(dep), "readOnlyRootFilesystem must be true");
  if (!(csc.capabilities?.drop ?? []).includes("ALL")) fail(where(dep), "capabilities must drop ALL");
  if ((csc.capabilities?.add ?? []).length) fail(where(dep), "capabilities must not add any");
  if ((csc.seccompProfile ?? psc.seccompProfile)?.type !== "RuntimeDefault") fail(where(dep), "seccompProfile must be RuntimeDefault");
  const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
  const tmpVolume = tmp && pod.volumes.find((v) => v.name === tmp.name);
  if (!tmpVolume?.emptyDir) fail(where(dep), "/tmp must be an emptyDir (the only writable path)");

  // probes on the management port and the Quarkus health endpoints
  const mgmt = c.ports.find((p) => p.name === "management");
  if (mgmt?.containerPort !== 9000) fail(where(dep), "container port 'management' must be 9000");
  for (const [probe, path] of [["startupProbe", "/q/health/started"], ["readinessProbe", "/q/health/ready"], ["livenessProbe", "/q/health/live"]]) {
    const p = c[probe]?.httpGet;
    if (!p) { fail(where(dep), `${probe} missing`); continue; }
    if (p.path !== path) fail(where(dep), `${probe} path ${p.path}, expected ${path}`);
    if (p.port !== "management" && p.port !== 9000) fail(where(dep), `${probe} must use the management port 9000`);
  }
  if (!c.resources?.requests?.memory || !c.resources?.limits?.memory || !c.resources?.requests?.cpu) fail(where(dep), "cpu/memory requests and a memory limit are required");
  if (/:latest$/.test(c.image) || !c.image.includes(":")) fail(where(dep), `image "${c.image}" must carry an explicit tag`);

  // config and routes ConfigMaps exist in the render, with kustomize's content hash in the name
  const configMaps = new Set(byKind(objs, "ConfigMap").map((o) => o.metadata.name));
  const configRefs = (c.envFrom ?? []).map((e) => e.configMapRef?.name).filter(Boolean);
  const routesVolume = pod.volumes.find((v) => v.name === "routes");
  const routesMount = (c.volumeMounts ?? []).find((m) => m.name === "routes");
  if (routesMount?.mountPath !== "/deployments/routes") fail(where(dep), "routes must be mounted at /deployments/routes");
  for (const ref of [...configRefs, routesVolume?.configMap?.name]) {
    if (!ref) { fail(where(dep), "routes volume is not a ConfigMap"); continue; }
    if (!configMaps.has(ref)) fail(where(dep), `references ConfigMap ${ref}, which is not in the render`);
    if (!/-[a-z0-9]{10}$/.test(ref)) fail(where(dep), `ConfigMap ${ref} has no content-hash suffix: editing it would not roll the pods`);
  }
  const config = Object.assign({}, ...byKind(objs, "ConfigMap").filter((o) => configRefs.includes(o.metadata.name)).map((o) => o.data ?? {}));
  if (config.HUB_ROUTES_DIR !== "/deployments/routes") fail(where(dep), "HUB_ROUTES_DIR must be /deployments/routes");

  // graceful shutdown budget: preStop sleep + Quarkus shutdown timeout + margin <= grace period
  const preStop = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
  const quarkusShutdown = durationSeconds(config.QUARKUS_SHUTDOWN_TIMEOUT ?? "NaN");
  const camelShutdown = Number(config.CAMEL_MAIN_SHUTDOWN_TIMEOUT ?? NaN);
  if (!(quarkusShutdown > 0)) fail(where(dep), "QUARKUS_SHUTDOWN_TIMEOUT must be set in the hub config");
  if (!(camelShutdown > 0 && camelShutdown < quarkusShutdown)) fail(where(dep), "CAMEL_MAIN_SHUTDOWN_TIMEOUT must be set and shorter than QUARKUS_SHUTDOWN_TIMEOUT");
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  if (grace < preStop + quarkusShutdown + 5) fail(where(dep), `terminationGracePeriodSeconds ${grace} < preStop ${preStop} + QUARKUS_SHUTDOWN_TIMEOUT ${quarkusShutdown} + 5`);

  // secrets are referenced by name; the prod render must not carry any Secret object
  const secretRefs = new Set((c.env ?? []).map((e) => e.valueFrom?.secretKeyRef?.name).filter(Boolean));
  const secrets = byKind(objs, "Secret");
  if (name === "prod" && secrets.length) fail(name, `prod overlay renders Secret(s) ${secrets.map((s) => s.metadata.name).join(", ")}: secrets come from the secret store`);
  for (const s of secrets) {
    for (const [k, v] of Object.entries(s.stringData ?? {})) {
      if (!/CHANGE-ME|^hub$/.test(v)) fail(`${name}: Secret/${s.metadata.name}`, `key ${k} holds something other than a placeholder`);
    }
    if (s.data && Object.keys(s.data).length) fail(`${name}: Secret/${s.metadata.name}`, "example secrets use stringData placeholders only");
  }
  if (name === "dev") {
    const present = new Set(secrets.map((s) => s.metadata.name));
    for (const ref of secretRefs) if (ref !== "retail-pg-app" && !present.has(ref)) fail(name, `Secret ${ref} is referenced but the dev overlay has no example of it`);
  }

  if (dep.spec.template.spec.topologySpreadConstraints?.length < 1) fail(where(dep), "topologySpreadConstraints missing");
  for (const t of pod.topologySpreadConstraints ?? []) if (!matches(t.labelSelector?.matchLabels, podLabels)) fail(where(dep), `spread constraint on ${t.topologyKey} does not select the hub pods`);

  const svc = one(objs, "Service", "retail-hub");
  if (!svc) fail(name, "no Service retail-hub");
  else {
    if (!matches(svc.spec.selector, podLabels)) fail(where(svc), "selector does not select the hub pods");
    for (const p of svc.spec.ports) if (!c.ports.some((cp) => cp.name === p.targetPort || cp.containerPort === p.targetPort)) fail(where(svc), `targetPort ${p.targetPort} is not a container port`);
  }
  const pdb = one(objs, "PodDisruptionBudget");
  if (!pdb || !matches(pdb.spec.selector.matchLabels, podLabels)) fail(name, "PodDisruptionBudget missing or not selecting the hub pods");
  else if ((pdb.spec.minAvailable ?? 0) >= Math.max(dep.spec.replicas ?? 1, 1) && dep.spec.replicas > 1) fail(where(pdb), "minAvailable leaves no room for a voluntary disruption");
  const hpa = one(objs, "HorizontalPodAutoscaler");
  if (!hpa || hpa.spec.scaleTargetRef.kind !== "Deployment" || hpa.spec.scaleTargetRef.name !== dep.metadata.name) fail(name, "HorizontalPodAutoscaler missing or not targeting the Deployment");
  else {
    if (hpa.spec.minReplicas > hpa.spec.maxReplicas) fail(where(hpa), "minReplicas > maxReplicas");
    if (pdb?.spec.minAvailable && hpa.spec.minReplicas <= pdb.spec.minAvailable) fail(where(hpa), "minReplicas must exceed the PDB's minAvailable, or drains block");
  }
  const np = one(objs, "NetworkPolicy");
  if (!np || !matches(np.spec.podSelector.matchLabels, podLabels)) fail(name, "NetworkPolicy missing or not selecting the hub pods");
  else {
    const ingressPorts = np.spec.ingress.flatMap((r) => (r.ports ?? []).map((p) => p.port));
    if (!ingressPorts.includes(8080) || !ingressPorts.includes(9000)) fail(where(np), "ingress must admit 8080 (API) and 9000 (monitoring)");
    const egressPorts = new Set(np.spec.egress.flatMap((r) => (r.ports ?? []).map((p) => p.port)));
    for (const p of [53, 9092, 61616, 5432, 443]) if (!egressPorts.has(p)) fail(where(np), `egress lacks port ${p}`);
    if (np.spec.egress.some((r) => !r.to?.length || !r.ports?.length)) fail(where(np), "an egress rule without peers or ports opens everything");
  }
  const sm = one(objs, "ServiceMonitor");
  if (!sm || !svc || !matches(sm.spec.selector.matchLabels, svc.metadata.labels)) fail(name, "ServiceMonitor missing or not selecting the Service");
  else for (const e of sm.spec.endpoints) {
    if (!svc.spec.ports.some((p) => p.name === e.port)) fail(where(sm), `endpoint port ${e.port} is not a Service port`);
    if (e.path !== "/q/metrics") fail(where(sm), "metrics path must be /q/metrics");
  }
  const rule = one(objs, "PrometheusRule");
  const ruleKey = JSON.stringify(rule?.spec);
  if (!checkedRules.has(ruleKey)) { checkedRules.add(ruleKey); checkRules(name, rule); }
  return { dep, hpa };
}

// ---------------------------------------------------------------- alerts
const checkedRules = new Set(); // overlays usually carry the base's rules unchanged: report problems once
const REQUIRED_ALERTS = {
  "order confirmation SLA": /hub_flow_latency_seconds_bucket\{flow=~"[^"]*order-status/,
  "shipment update SLA": /hub_flow_latency_seconds_bucket\{flow="shipment-update"/,
  "dead-letter growth": /hub_dead_letters/,
  "orders pending ERP": /hub_orders_pending_erp\)? >/,
  "Salesforce budget under 10 %": /hub_salesforce_api_remaining_ratio\) < 0\.10/,
  "consumer lag": /hub_kafka_consumer_lag/,
  "hub not ready": /kube_deployment_status_replicas_ready/,
};
function checkRules(name, rule) {
  if (!rule) return fail(name, "no PrometheusRule");
  const where = `${name}: PrometheusRule/${rule.metadata.name}`;
  const operations = join(repo, "docs/operations.md");
  const anchors = existsSync(operations)
    ? new Set(readFileSync(operations, "utf8").split("\n").filter((l) => /^#{1,6} /.test(l)).map((l) => slug(l.replace(/^#+ /, ""))))
    : new Set();
  const rules = rule.spec.groups.flatMap((g) => g.rules);
  for (const r of rules.filter((x) => x.alert)) {
    const url = r.annotations?.runbook_url;
    const anchor = /^docs\/operations\.md#([a-z0-9-]+)$/.exec(url ?? "")?.[1];
    if (!anchor) fail(where, `${r.alert}: runbook_url must be docs/operations.md#<section>, got ${url}`);
    else if (!anchors.has(anchor)) fail(where, `${r.alert}: docs/operations.md has no section #${anchor}`);
    if (!r.labels?.severity) fail(where, `${r.alert}: no severity label`);
    if (!r.annotations?.summary) fail(where, `${r.alert}: no summary`);
  }
  for (const [what, pattern] of Object.entries(REQUIRED_ALERTS)) {
    if (!rules.some((r) => r.alert && pattern.test(r.expr.replace(/\s+/g, " ")))) fail(where, `no alert for ${what}`);
  }
}

// ---------------------------------------------------------------- the stateful platform
const TOPICS = {
  "retail.inventory.position.v1": { compact: true, retention: true },
  "retail.order.status.v1": {},
  "retail.shipment.v1": {},
  "retail.customer.v1": { compact: true },
  "retail.audit.v1": { retention: true },
};
// The Artemis addresses (work queues, DLQ.<flow>) are compared with what the routes use by
// check-artemis-addresses.mjs, which derives them from routes/ instead of a list kept here.

function checkPlatform(objs) {
  const where = (o) => `platform: ${o.kind}/${o.metadata.name}`;
  const kafka = one(objs, "Kafka");
  if (!kafka) return fail("platform", "no Kafka");
  const pools = byKind(objs, "KafkaNodePool").filter((p) => p.metadata.labels?.["strimzi.io/cluster"] === kafka.metadata.name);
  const roles = pools.flatMap((p) => p.spec.roles);
  if (!roles.includes("controller") || !roles.includes("broker")) fail("platform", "KRaft needs node pools with the controller and broker roles");
  const brokers = pools.filter((p) => p.spec.roles.includes("broker")).reduce((n, p) => n + p.spec.replicas, 0);
  if (brokers < 3) fail("platform", `${brokers} brokers cannot hold replication factor 3`);
  if (Number(kafka.spec.kafka.config?.["min.insync.replicas"]) !== 2) fail(where(kafka), "min.insync.replicas must be 2");
  const topics = new Map(byKind(objs, "KafkaTopic").map((t) => [t.spec.topicName ?? t.metadata.name, t]));
  for (const [topicName, want] of Object.entries(TOPICS)) {
    const t = topics.get(topicName);
    if (!t) { fail("platform", `no KafkaTopic for ${topicName}`); continue; }
    if (t.metadata.labels?.["strimzi.io/cluster"] !== kafka.metadata.name) fail(where(t), "not labelled for the Kafka cluster");
    if (t.spec.replicas !== 3) fail(where(t), "replicas must be 3");
    if (!(t.spec.partitions >= 3)) fail(where(t), "needs at least 3 partitions to share work across pods");
    if (Number(t.spec.config?.["min.insync.replicas"]) !== 2) fail(where(t), "min.insync.replicas must be 2");
    const policy = String(t.spec.config?.["cleanup.policy"] ?? "delete");
    if (want.compact && !policy.includes("compact")) fail(where(t), "a table topic must be compacted");
    if (want.retention && !(Number(t.spec.config?.["retention.ms"]) > 0)) fail(where(t), "needs an explicit retention.ms");
  }
  const broker = one(objs, "ActiveMQArtemis");
  if (!broker) fail("platform", "no ActiveMQArtemis");
  const addresses = new Set(byKind(objs, "ActiveMQArtemisAddress").map((a) => a.spec.addressName));
  const settings = broker?.spec.addressSettings?.addressSetting ?? [];
  for (const s of settings) {
    if (s.deadLetterAddress && !addresses.has(s.deadLetterAddress)) fail("platform", `${s.match} names an undeclared dead-letter address ${s.deadLetterAddress}`);
  }
  if (!settings.some((s) => s.maxDeliveryAttempts > 0 && s.redeliveryDelay > 0)) fail("platform", "Artemis redelivery (maxDeliveryAttempts, redeliveryDelay) not configured");
  const pg = one(objs, "Cluster");
  if (!pg) fail("platform", "no CloudNativePG Cluster");
  else if (pg.metadata.name !== "retail-pg" || pg.spec.bootstrap?.initdb?.database !== "hub") fail(where(pg), "the hub expects cluster retail-pg with database hub (Secret retail-pg-app)");
  return { topics };
}

// ---------------------------------------------------------------- main
// --schema-only: fallback when nothing can render the kustomizations; files are validated one by one,
// "patches" only for shape (a patch is a partial object), and no cross-object wiring is checked.
const schemaOnly = process.argv.includes("--schema-only");
const renders = {};
for (const arg of process.argv.slice(2).filter((a) => !a.startsWith("--"))) {
  const [name, files] = arg.split("=");
  renders[name] = [];
  for (const file of files.split(",").filter(Boolean)) {
    for (const [i, d] of parseAllDocuments(readFileSync(file, "utf8")).entries()) {
      if (d.errors.length) { fail(`${file}#${i}`, d.errors.map((e) => e.message).join("; ")); continue; }
      const obj = d.toJS();
      if (obj) renders[name].push(obj);
    }
  }
}

let count = 0;
for (const [name, objs] of Object.entries(renders)) {
  for (const obj of objs) {
    const where = `${name}: ${obj?.kind}/${obj?.metadata?.name}`;
    if (name === "patches") {
      if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") fail(where, "apiVersion/kind missing");
      else if (!(await builtinModel(obj.apiVersion, obj.kind)) && !crdValidators.has(`${obj.apiVersion}/${obj.kind}`)) fail(where, `unknown ${obj.apiVersion} ${obj.kind}`);
      checkMetadata(where, obj);
    } else {
      await validateSchema(where, obj);
    }
    count++;
  }
}
if (schemaOnly) {
  if (failures.length) { for (const f of failures) console.error(`  - ${f}`); process.exit(1); }
  console.log(`manifests (schema only, NOT rendered): ${count} object(s) valid`);
  process.exit(0);
}
const hub = {};
for (const name of ["base", "dev", "prod"]) if (renders[name]) hub[name] = checkHub(name, renders[name]);
const platform = renders.platform ? checkPlatform(renders.platform) : undefined;

// scaling ceiling: more hub pods than partitions of the busiest consumed topic only adds idle consumers
if (platform && hub.prod?.hpa) {
  const maxPartitions = Math.max(...[...platform.topics.values()].map((t) => t.spec.partitions));
  if (hub.prod.hpa.spec.maxReplicas > maxPartitions) fail("prod", `HPA maxReplicas ${hub.prod.hpa.spec.maxReplicas} exceeds the largest topic's ${maxPartitions} partitions`);
}
// the hub's NetworkPolicy must point at the pods the platform actually creates
if (platform && hub.prod) {
  const np = one(renders.prod, "NetworkPolicy");
  const kafka = one(renders.platform, "Kafka")?.metadata.name;
  const artemis = one(renders.platform, "ActiveMQArtemis")?.metadata.name;
  const pg = one(renders.platform, "Cluster")?.metadata.name;
  const peers = JSON.stringify(np?.spec.egress ?? []);
  for (const [label, value] of [["strimzi.io/cluster", kafka], ["ActiveMQArtemis", artemis], ["cnpg.io/cluster", pg]]) {
    if (!peers.includes(`"${label}":"${value}"`)) fail("prod: NetworkPolicy/retail-hub", `egress does not select ${label}=${value}`);
  }
  const config = Object.assign({}, ...byKind(renders.prod, "ConfigMap").map((o) => o.data ?? {}));
  if (!String(config.KAFKA_BOOTSTRAP_SERVERS).startsWith(`${kafka}-kafka-bootstrap:`)) fail("prod", "KAFKA_BOOTSTRAP_SERVERS does not name the Strimzi bootstrap Service");
  if (!String(config.QUARKUS_DATASOURCE_JDBC_URL).includes(`//${pg}-rw:5432/`)) fail("prod", "QUARKUS_DATASOURCE_JDBC_URL does not name the CNPG read-write Service");
  if (!String(config.HUB_ARTEMIS_URL).includes(`${artemis}-`)) fail("prod", "HUB_ARTEMIS_URL does not name the Artemis Service");
}

if (failures.length) {
  console.error(`manifests: ${failures.length} problem(s) in ${count} object(s)`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}
console.log(`manifests: ${count} object(s) valid (${Object.entries(renders).map(([n, o]) => `${n}=${o.length}`).join(", ")})`);

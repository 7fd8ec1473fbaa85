// Compares the Artemis addresses declared for Kubernetes with what the hub uses, because the broker
// there auto-creates nothing under hub.# and DLQ.# (k8s/platform/artemis.yaml): a missing DLQ.<flow>
// makes every dead letter of that flow unconfirmable (DeadLetterWriter throws, the source redelivers
// for ever), a missing work queue makes its sends fail.
//   node check-artemis-addresses.mjs     exit 1 and print what is missing or unused
// What the hub uses is derived from the sources, not from a list kept by hand:
// - DLQ.<flow> for every flow that can dead-letter: a route group that consumes from a non-direct
//   endpoint and has a route on the event-errors or webhook-errors configuration, or that calls
//   the dead-letter writer itself;
// - every JMS queue named in a route URI, and in a jms: replay-uri of application.properties.
// Every hub.* queue must also have an exact addressSetting naming its flow's declared DLQ, or the
// broker drops a message whose deliveries run out (no dead-letter address).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, parseAllDocuments } from "yaml";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const failures = [];

function routeFiles(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return routeFiles(path);
    return name.endsWith(".camel.yaml") ? [path] : [];
  });
}

/** Every string value of "uri" keys below a node (from, to, toD, wireTap ...). */
function urisIn(node, found = []) {
  if (Array.isArray(node)) node.forEach((n) => urisIn(n, found));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "uri" && typeof value === "string") found.push(value);
      else urisIn(value, found);
    }
  }
  return found;
}

function jmsQueue(uri) {
  const match = /^jms:(?:queue:)?([A-Za-z0-9._-]+)/.exec(uri);
  return match && !match[1].startsWith("DLQ.") ? match[1] : null;
}

const deadLetterFlows = new Map(); // flow -> route file that makes it dead-letter
const queues = new Map(); // queue -> where it is used
const flowOfQueue = new Map(); // consumed queue -> flow
const groups = new Map(); // flow -> what its routes do
for (const file of routeFiles(join(repo, "routes"))) {
  const where = relative(repo, file);
  const doc = parse(readFileSync(file, "utf8"));
  if (!Array.isArray(doc)) continue;
  for (const item of doc) {
    const route = item?.route;
    if (!route) continue;
    for (const uri of urisIn(route)) {
      const queue = jmsQueue(uri);
      if (queue) queues.set(queue, where);
    }
    const from = route.from?.uri ?? "";
    const consumed = jmsQueue(from);
    if (consumed) flowOfQueue.set(consumed, route.group);
    if (!route.group) {
      failures.push(`${where}: route ${route.id} has no group (its flow)`);
      continue;
    }
    const group = groups.get(route.group) ?? { where, consumes: false, deadLetters: false, writesItself: false };
    group.consumes ||= !from.startsWith("direct:");
    group.deadLetters ||= ["event-errors", "webhook-errors"].includes(route.routeConfigurationId);
    group.writesItself ||= JSON.stringify(route).includes("deadLetterWriter");
    groups.set(route.group, group);
  }
}
// A dead letter is filed under the flow (group) of the route that consumed the message. A group
// of direct: routes only (an outbound connector) runs in its callers' flows, unless it calls the
// writer itself (the inventory webhook behind its REST endpoint).
for (const [flow, group] of groups) {
  if ((group.consumes && group.deadLetters) || group.writesItself) deadLetterFlows.set(flow, group.where);
}
const properties = readFileSync(join(repo, "src/main/resources/application.properties"), "utf8");
for (const line of properties.split("\n")) {
  const match = /^hub\.flows\.([a-z0-9-]+)\.replay-uri=(jms:.*)$/.exec(line.trim());
  if (match && jmsQueue(match[2])) queues.set(jmsQueue(match[2]), `application.properties (${match[1]} replay-uri)`);
}

const used = new Map([...queues]);
for (const [flow, where] of deadLetterFlows) used.set(`DLQ.${flow}`, where);

const declared = new Map();
for (const doc of parseAllDocuments(readFileSync(join(repo, "k8s/platform/artemis-addresses.yaml"), "utf8"))) {
  const object = doc.toJS();
  if (object?.kind !== "ActiveMQArtemisAddress") continue;
  declared.set(object.spec.addressName, object.metadata.name);
  if (object.spec.queueName !== object.spec.addressName)
    failures.push(`artemis-addresses.yaml ${object.metadata.name}: queueName differs from addressName`);
}
for (const [address, where] of used)
  if (!declared.has(address)) failures.push(`${address} (used by ${where}) is not declared in k8s/platform/artemis-addresses.yaml`);
for (const [address, name] of declared)
  if (!used.has(address)) failures.push(`${address} (${name}) is declared but no route or flow uses it`);

const broker = parseAllDocuments(readFileSync(join(repo, "k8s/platform/artemis.yaml"), "utf8"))
  .map((d) => d.toJS())
  .find((o) => o?.kind === "ActiveMQArtemis");
const settings = broker?.spec?.addressSettings?.addressSetting ?? [];
for (const setting of settings) {
  if (setting.deadLetterAddress && !declared.has(setting.deadLetterAddress))
    failures.push(`artemis.yaml: ${setting.match} names deadLetterAddress ${setting.deadLetterAddress}, which is not declared`);
  if (!/[#*]/.test(setting.match) && !used.has(setting.match))
    failures.push(`artemis.yaml: addressSetting for ${setting.match}, which no route uses`);
}
for (const queue of queues.keys()) {
  if (!queue.startsWith("hub.")) continue;
  const exact = settings.find((s) => s.match === queue);
  const flow = flowOfQueue.get(queue);
  if (!exact?.deadLetterAddress)
    failures.push(`artemis.yaml: ${queue} has no addressSetting with a deadLetterAddress (the broker would drop what it gives up on)`);
  else if (flow && exact.deadLetterAddress !== `DLQ.${flow}`)
    failures.push(`artemis.yaml: ${queue} dead-letters to ${exact.deadLetterAddress}, its flow ${flow} to DLQ.${flow}`);
}

if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  process.exit(1);
}
console.log(
  `artemis addresses: ${declared.size} declared = ${queues.size} JMS queue(s) + ${deadLetterFlows.size} DLQ.<flow> ` +
    `(${[...deadLetterFlows.keys()].sort().join(", ")})`,
);

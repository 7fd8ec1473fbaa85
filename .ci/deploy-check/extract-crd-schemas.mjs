// Turns upstream CustomResourceDefinition YAML files into one JSON Schema per served
// group/version/kind, so the offline check can validate our operator resources without a cluster.
// Re-run it when an operator is upgraded:  node extract-crd-schemas.mjs <crd.yaml>...
// The sources and versions used are recorded in crd-schemas/SOURCES.md.
import { readFileSync, writeFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const crd = doc.toJS();
    if (crd?.kind !== "CustomResourceDefinition") continue;
    const { group, names } = crd.spec;
    for (const version of crd.spec.versions.filter((v) => v.served)) {
      const schema = version.schema?.openAPIV3Schema;
      if (!schema) continue;
      const out = `crd-schemas/${group}_${version.name}_${names.kind}.json`;
      writeFileSync(out, JSON.stringify(schema));
      console.log(`${file} -> ${out}`);
    }
  }
}

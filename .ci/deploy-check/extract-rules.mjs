// Prints the rule groups of a PrometheusRule as a plain Prometheus rules file, for `promtool check rules`.
import { readFileSync } from "node:fs";
import { parse, stringify } from "yaml";
process.stdout.write(stringify(parse(readFileSync(process.argv[2], "utf8")).spec));

// Date finding with chrono-node's French parser over the documents of a
// JSON Lines file ({"id", "text", "reference"}): chrono.fr.parse(text,
// reference). Writes each document's dates ({"id", "dates": [...]}) to
// OUT and prints the rate. Usage: node dates_chrono.mjs NPM_PREFIX DOCS OUT NAME
// (NPM_PREFIX: where `npm install --prefix` put chrono-node).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [chronoDir, docsPath, outPath, name] = process.argv.slice(2);
const require = createRequire(path.resolve(chronoDir, "package.json"));
const chrono = require("chrono-node");

const docs = fs.readFileSync(docsPath, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
const pad = (n, w) => String(n).padStart(w, "0");
// Noon of the publication day, so that no time zone moves the day.
const refOf = (d) => (d.reference ? new Date(`${d.reference}T12:00:00`) : new Date());
chrono.fr.parse("le 2 juin 2025", new Date());  // warm-up, not timed
const found = [];
const start = process.hrtime.bigint();
for (const d of docs) {
  const results = chrono.fr.parse(d.text, refOf(d));
  found.push({
    id: d.id,
    dates: results.map((r) => `${pad(r.start.get("year"), 4)}-${pad(r.start.get("month"), 2)}-${pad(r.start.get("day"), 2)}`),
  });
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
fs.writeFileSync(outPath, found.map((f) => JSON.stringify(f)).join("\n") + "\n");
const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d.text, "utf8"), 0);
console.log(`${name}_documents: ${docs.length}`);
console.log(`${name}_docs_s_chrono: ${(docs.length / seconds).toFixed(3)}`);
console.log(`${name}_mb_s_chrono: ${(bytes / 1e6 / seconds).toFixed(6)}`);

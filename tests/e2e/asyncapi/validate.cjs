// Validates AsyncAPI documents with the reference parser (@asyncapi/parser): prints, as JSON,
// each file's errors (diagnostics of severity 0) and exits 0; the test judges them.
// Usage: node validate.cjs FILE... (with GW_NODE_MODULES naming the node_modules folder).
const path = require('path');
const fs = require('fs');
const { Parser } = require(path.join(process.env.GW_NODE_MODULES, '@asyncapi/parser'));

(async () => {
  const parser = new Parser();
  const out = {};
  for (const file of process.argv.slice(2)) {
    const { diagnostics } = await parser.parse(fs.readFileSync(file, 'utf8'), { source: file });
    out[file] = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.code}: ${d.message} at ${d.path.join('/')}`);
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(2);
});

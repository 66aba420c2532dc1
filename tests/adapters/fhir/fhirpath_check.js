// Checks that every OperationOutcome expression selects an element of the input (fhir.md 4.4).
// Not part of ctest (needs Node and the npm package `fhirpath`):
//   npm install fhirpath && dxscreen check --format fhir IN.json > oo.json &&
//   node tests/adapters/fhir/fhirpath_check.js IN.json oo.json      (exit 1 if any misses)
const fhirpath = require('fhirpath');
const r4 = require('fhirpath/fhir-context/r4');
const fs = require('fs');
const [input, outcome] = [JSON.parse(fs.readFileSync(process.argv[2])), JSON.parse(fs.readFileSync(process.argv[3]))];
const outcomes = outcome.resourceType === 'Bundle' ? outcome.entry.map(e => e.resource) : [outcome];
let bad = 0, n = 0;
for (const oo of outcomes) for (const issue of oo.issue) for (const expr of (issue.expression || [])) {
  n++;
  let res;
  try { res = fhirpath.evaluate(input, expr, null, r4); } catch (e) { res = 'ERR ' + e.message; }
  const ok = Array.isArray(res) && res.length > 0;
  if (!ok) bad++;
  console.log((ok ? 'ok  ' : 'BAD ') + expr + ' -> ' + JSON.stringify(res).slice(0, 80));
}
console.log(`${n - bad}/${n} expressions select an element`);
process.exitCode = bad === 0 ? 0 : 1;

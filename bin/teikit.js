#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const main = path.join(__dirname, '..', 'dist-lib', 'src', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  process.stderr.write('teikit: the library is not built yet; run `make` (or `npx tsc -p tsconfig.json`) in ' + path.resolve(__dirname, '..') + '\n');
  process.exit(2);
}
require(main).main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`teikit: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 2; },
);

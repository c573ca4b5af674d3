'use strict';
// Run by test/cli/lazy-loading.test.ts: the CLI from the modules of dist/cli, as
// bin/ses-dns.js runs it when the bundle is missing or older than them.
const { join } = require('node:path');

require(join(__dirname, '..', '..', '..', 'dist', 'cli', 'main.js'))
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });

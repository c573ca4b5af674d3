'use strict';
// Preloaded with `node --require` by test/cli/lazy-loading.test.ts: when the process exits,
// writes the file of every module it loaded, one a line, to $LOADED_MODULES_FILE.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  writeFileSync(process.env.LOADED_MODULES_FILE, `${Object.keys(require.cache).join('\n')}\n`);
});

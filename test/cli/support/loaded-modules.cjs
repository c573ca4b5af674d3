'use strict';
// Preloaded with `node --require` by test/cli/lazy-loading.test.ts: when the process exits,
// writes the file of every module it loaded, one a line, to $LOADED_MODULES_FILE, and the
// file of every bundle bin/load-bundle.js ran (dist/cli/bundle.js, dist/cli/cdktf-bundle.js),
// which are not modules `require` loaded, to $LOADED_MODULES_FILE.bundles.
const { writeFileSync } = require('node:fs');
const { sep } = require('node:path');

process.on('exit', () => {
  const modules = Object.keys(require.cache);
  writeFileSync(process.env.LOADED_MODULES_FILE, `${modules.join('\n')}\n`);
  // The loader this run used (the repository's or an installed package's), if it used one:
  // required again, it is the same module.
  const loader = modules.find((file) => file.endsWith(`${sep}bin${sep}load-bundle.js`));
  const bundles = loader ? require(loader).loadedBundles() : [];
  writeFileSync(`${process.env.LOADED_MODULES_FILE}.bundles`, bundles.map(({ file }) => `${file}\n`).join(''));
});

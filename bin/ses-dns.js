#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (npm run build writes dist/); kept tiny so startup stays fast.
require('../dist/cli/main')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });

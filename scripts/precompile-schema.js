#!/usr/bin/env node
'use strict';
/**
 * Run by `npm run build` after tsc: compiles the config schema's ajv validator once, into
 * `dist/config/schema-validator.js`, so that no command pays ajv's compile at start. The
 * file carries the text of the schema; `src/config/structure.ts` ignores a file whose schema
 * differs from the one it runs with, and compiles at run time instead.
 */
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const standaloneCode = require('ajv/dist/standalone').default;
const dist = join(__dirname, '..', 'dist', 'config');
const { schemaText, validatorAjv } = require(join(dist, 'structure'));
const { CONFIG_SCHEMA } = require(join(dist, 'schema'));

const ajv = validatorAjv(true);
const code = standaloneCode(ajv, ajv.compile(CONFIG_SCHEMA));
writeFileSync(
  join(dist, 'schema-validator.js'),
  `${code}\nmodule.exports.schemaText = ${JSON.stringify(schemaText())};\n`,
);

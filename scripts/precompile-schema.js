#!/usr/bin/env node
'use strict';
/**
 * Run by `npm run build` after tsc: compiles the ajv validator of the shipped config schema
 * (schema/ses-dns.schema.json) once, into `dist/config/schema-validator.js`, so that no
 * command pays ajv's compile at start. The file carries the text of the schema file;
 * `src/config/structure.ts` ignores a validator whose text differs from the schema it runs
 * with, and compiles at run time instead.
 */
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const standaloneCode = require('ajv/dist/standalone').default;
const dist = join(__dirname, '..', 'dist', 'config');
const { validatorAjv } = require(join(dist, 'structure'));
const { schemaText, shippedSchema } = require(join(dist, 'schema-file'));

const ajv = validatorAjv(true);
const code = standaloneCode(ajv, ajv.compile(shippedSchema()));
writeFileSync(
  join(dist, 'schema-validator.js'),
  `${code}\nmodule.exports.schemaText = ${JSON.stringify(schemaText())};\n`,
);

#!/usr/bin/env node
'use strict';
/**
 * Run by `npm run schema:update` after tsc: writes the JSON Schema of the config's
 * definition (src/config/schema.ts, in TypeBox) to schema/ses-dns.schema.json, the file
 * the package ships, the validator is compiled from and `ses-dns schema` prints.
 */
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { CONFIG_SCHEMA } = require(join(__dirname, '..', 'dist', 'config', 'schema'));
const { SCHEMA_FILE } = require(join(__dirname, '..', 'dist', 'config', 'schema-file'));

writeFileSync(SCHEMA_FILE, `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`);

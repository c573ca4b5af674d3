/**
 * The harness itself, proven on hand-made stacks (test/e2e/fixtures/good): what a correct
 * generator writes for fixtures/good/ses-dns.yaml, including the vendor quirks the
 * interpreter must read like the vendor (a relative Route 53 name, a trailing dot, a
 * `""`-split BYODKIM key, Cloudflare's quoted strings and automatic TTL).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectationsOf, parseConfig } from './support/config';
import { publicKeyOf } from './support/keys';
import { describeMailWorlds } from './support/suite';
import { readStacks } from './support/synth';

const GOOD = join(__dirname, 'fixtures', 'good');
const TEST_KEY = readFileSync(join(__dirname, 'fixtures', 'byodkim-test.key.pem'), 'utf8');

describeMailWorlds('e2e harness on hand-made stacks', async () => [
  {
    name: 'fixtures/good',
    expectations: expectationsOf(parseConfig(readFileSync(join(GOOD, 'ses-dns.yaml'), 'utf8'))),
    privateKeys: new Map([[publicKeyOf(TEST_KEY), TEST_KEY]]),
    stacks: async () => readStacks(GOOD),
  },
]);

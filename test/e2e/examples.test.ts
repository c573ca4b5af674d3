/**
 * Every shipped example (examples/<name>/ses-dns.yaml), synthesized through the CLI and
 * proven end to end: each example is its own world, in its own named view, since several
 * use the same example domains.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parseConfig } from './support/config';
import { configWorld } from './support/config-world';
import { KeyPool } from './support/keys';
import { describeMailWorlds } from './support/suite';
import { REPO_ROOT } from './support/synth';

const EXAMPLES = join(REPO_ROOT, 'examples');
const names = existsSync(EXAMPLES)
  ? readdirSync(EXAMPLES)
      .filter((name) => existsSync(join(EXAMPLES, name, 'ses-dns.yaml')))
      .sort()
  : [];

it('finds the shipped examples', () => {
  expect(names.length).toBeGreaterThan(0);
});

const keys = new KeyPool();
describeMailWorlds('examples', () =>
  Promise.all(
    names.map((name) =>
      configWorld(`examples/${name}`, parseConfig(readFileSync(join(EXAMPLES, name, 'ses-dns.yaml'), 'utf8')), keys),
    ),
  ),
);

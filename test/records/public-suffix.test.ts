/**
 * sameOrganization answers without the Public Suffix List when the last two labels differ;
 * its answer must be the list's for every pair.
 */
import { expect, test } from 'vitest';
import { organizationalDomain, sameOrganization } from '../../src/records/public-suffix';

const NAMES = [
  'com',
  'uk',
  'co.uk',
  'example.com',
  'mail.example.com',
  'example.net',
  'example-0.com',
  'd0001.example-0.com',
  'example.co.uk',
  'reports.example.co.uk',
  'other.co.uk',
  'app.herokuapp.com',
  'herokuapp.com',
  'other.herokuapp.com',
  'user.github.io',
  'github.io',
  'example.ltd.uk',
  'a.b.example.ltd.uk',
  'localhost',
  'EXAMPLE.com.',
];

test.each(NAMES.flatMap((a) => NAMES.map((b) => [a, b])))('%s and %s: as the list says', (a, b) => {
  const x = a.toLowerCase().replace(/\.$/, '');
  const y = b.toLowerCase().replace(/\.$/, '');
  expect(sameOrganization(a, b)).toBe(x === y || organizationalDomain(x) === organizationalDomain(y));
});

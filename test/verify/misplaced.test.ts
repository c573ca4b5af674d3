/**
 * Where a missing record may sit one label too deep: the zone appended twice, or a name
 * typed relative to the zone's parent, as long as that parent is someone's zone (not a
 * public suffix).
 */
import { expect, test } from 'vitest';
import { misplacedNames } from '../../src/verify/misplaced';

test.each([
  [
    'a subdomain zone: the zone doubled, and the name relative to its parent',
    'abc._domainkey.platform.example.it',
    'platform.example.it',
    ['abc._domainkey.platform.example.it.platform.example.it', 'abc._domainkey.platform.platform.example.it'],
  ],
  [
    'a zone under a one-label suffix: only the zone doubled',
    '_dmarc.example.it',
    'example.it',
    ['_dmarc.example.it.example.it'],
  ],
  [
    "a zone under a two-label public suffix: co.uk is no one's zone",
    'mail.example.co.uk',
    'example.co.uk',
    ['mail.example.co.uk.example.co.uk'],
  ],
  [
    'a zone under a private suffix (herokuapp.com)',
    '_dmarc.shop.herokuapp.com',
    'shop.herokuapp.com',
    ['_dmarc.shop.herokuapp.com.shop.herokuapp.com'],
  ],
  ['a name outside the zone', 'mail.other.example', 'example.com', []],
])('%s', (_label, name, zone, expected) => {
  expect(misplacedNames(name, zone)).toEqual(expected);
});

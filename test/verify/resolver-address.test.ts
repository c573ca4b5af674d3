/**
 * `--resolver HOST[:PORT]`: IPv4 and IPv6 forms accepted as node's resolver takes them; ports
 * outside 1-65535 and host names refused with the fix.
 */
import { describe, expect, test } from 'vitest';
import { LookupError, normalizeServer, resolverProblem } from '../../src/verify/lookup';

describe('resolver addresses', () => {
  test.each([
    ['127.0.0.1', '127.0.0.1'],
    ['127.0.0.1:5353', '127.0.0.1:5353'],
    ['192.0.2.53:53', '192.0.2.53:53'],
    ['::1', '[::1]'],
    ['2001:db8::53', '[2001:db8::53]'],
    ['[::1]', '[::1]'],
    ['[::1]:5353', '[::1]:5353'],
    ['[2001:db8::53]:65535', '[2001:db8::53]:65535'],
    ['[::ffff:127.0.0.1]:53', '[::ffff:127.0.0.1]:53'],
  ])('%s is accepted as %s', (given, normalized) => {
    expect(resolverProblem(given)).toBeUndefined();
    expect(normalizeServer(given)).toBe(normalized);
  });

  const example = 'such as 127.0.0.1:5353, 192.0.2.53, ::1 or [::1]:5353';
  test.each([
    ['127.0.0.1:99999', `the port must be a number from 1 to 65535, got "99999"; give an address ${example}`],
    ['127.0.0.1:0', `the port must be a number from 1 to 65535, got "0"; give an address ${example}`],
    ['127.0.0.1:', `the port must be a number from 1 to 65535, got ""; give an address ${example}`],
    ['127.0.0.1:53x', `the port must be a number from 1 to 65535, got "53x"; give an address ${example}`],
    ['[::1]:70000', `the port must be a number from 1 to 65535, got "70000"; give an address ${example}`],
    [
      'dns.example',
      `"dns.example" is not an IP address; give the address of a DNS server with an optional port, ${example}`,
    ],
    [
      'dns.example:53',
      `"dns.example" is not an IP address; give the address of a DNS server with an optional port, ${example}`,
    ],
    [
      '256.1.1.1',
      `"256.1.1.1" is not an IP address; give the address of a DNS server with an optional port, ${example}`,
    ],
    [
      '::1:53:zz',
      `"::1:53:zz" is not an IP address; give the address of a DNS server with an optional port, ${example}`,
    ],
    ['[::1', `"[::1" is not an IP address; give the address of a DNS server with an optional port, ${example}`],
  ])('%s is refused: %s', (given, message) => {
    expect(resolverProblem(given)).toBe(`--resolver ${given}: ${message}`);
    expect(() => normalizeServer(given)).toThrow(LookupError);
  });
});

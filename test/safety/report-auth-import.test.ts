/**
 * `import.dmarc-report-auth`: the id of a live DMARC report authorization
 * (`<domain>._report._dmarc.<report domain>` TXT "v=DMARC1"), written under the domain whose
 * reports go to another domain of the environment. Checked by the check stage against the
 * record the environment plans (src/checks/report-auth-import.ts), and turned into an
 * import block at the record's address, with the id in the REPORT domain's zone.
 */
import { describe, expect, test } from 'vitest';
import { errorsOf, synthStacks } from './helpers';

const TEST_ZONE = 'Z0123456789ABCDEFGHIJ';
const SHOP_ZONE = 'Z9876543210ZYXWVUTSRQ';
const CF_TEST_ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
const CF_SHOP_ZONE = '9a7806061c88ada191ed06f989cc3dac';
const CF_RECORD = '372e67954025e0ba6aaa6d586b9e0b59';
const AUTH_NAME = 'acme-shop.io._report._dmarc.acme-test.com';
const PATH = 'environments.production.domains[1].import.dmarc-report-auth';

/** acme-shop.io sends its DMARC reports to acme-test.com, whose zone the environment manages. */
function config(
  provider: 'route53' | 'cloudflare',
  shopImport: Record<string, string>,
  options: { rua?: string[]; testZone?: string; shopZone?: string } = {},
) {
  const testZone = options.testZone ?? (provider === 'route53' ? TEST_ZONE : CF_TEST_ZONE);
  const shopZone = options.shopZone ?? (provider === 'route53' ? SHOP_ZONE : CF_SHOP_ZONE);
  return {
    defaults: { region: 'eu-west-1', dmarc: { rua: options.rua ?? ['dmarc-reports@acme-test.com'] } },
    environments: {
      production: {
        dns: { provider },
        domains: [
          { name: 'acme-test.com', zone: { id: testZone } },
          { name: 'acme-shop.io', zone: { id: shopZone }, import: shopImport },
        ],
      },
    },
  };
}

describe('import.dmarc-report-auth is checked against the environment', () => {
  test("Route 53: the id in the report domain's zone is accepted and imported at the record's address", () => {
    const id = `${TEST_ZONE}_${AUTH_NAME}_TXT`;
    const raw = config('route53', { 'dmarc-report-auth': id });
    expect(errorsOf(raw)).toEqual([]);
    const stack = synthStacks(raw).production!;
    const record = stack.resource!.aws_route53_record!['acme-shop_io__dmarc_report_auth']!;
    expect(record).toMatchObject({ name: AUTH_NAME, type: 'TXT', records: ['v=DMARC1'], zone_id: TEST_ZONE });
    expect(stack.import).toEqual([{ id, to: 'aws_route53_record.acme-shop_io__dmarc_report_auth' }]);
    // The domain's own: a further region of it has none to import (the schema refuses the key there).
    const shop = raw.environments.production.domains[1] as Record<string, unknown>;
    shop.region = ['eu-west-1', 'us-east-1'];
    shop.mailFrom = { subdomain: 'mail-{region}' };
    expect(errorsOf(raw)).toEqual([]);
    shop.import = { 'us-east-1': { 'dmarc-report-auth': id } };
    expect(errorsOf(raw)).toEqual([
      'environments.production.domains[1].import.us-east-1.dmarc-report-auth: unknown key "dmarc-report-auth". Allowed keys: identity, mail-from, configuration-set, dkim-0, dkim-1, dkim-2, mail-from-mx, mail-from-spf, tracking. Remove it or fix its spelling.',
    ]);
  });

  test("Cloudflare: <zone id>/<record id> of the report domain's zone is accepted and imported", () => {
    const id = `${CF_TEST_ZONE}/${CF_RECORD}`;
    const raw = config('cloudflare', { 'dmarc-report-auth': id });
    expect(errorsOf(raw)).toEqual([]);
    const stack = synthStacks(raw).production!;
    const record = stack.resource!.cloudflare_dns_record!['acme-shop_io__dmarc_report_auth']!;
    expect(record).toMatchObject({ name: AUTH_NAME, type: 'TXT', zone_id: CF_TEST_ZONE });
    expect(stack.import).toEqual([{ id, to: 'cloudflare_dns_record.acme-shop_io__dmarc_report_auth' }]);
  });

  test("Route 53: an id in the domain's own zone is refused, naming the report domain's zone", () => {
    const id = `${SHOP_ZONE}_${AUTH_NAME}_TXT`;
    expect(errorsOf(config('route53', { 'dmarc-report-auth': id }))).toEqual([
      `${PATH}: "${id}" is not the Route 53 import id of the dmarc-report-auth record: it is the hosted zone id, the record name and its type joined by "_", such as "${TEST_ZONE}_${AUTH_NAME}_TXT"`,
    ]);
  });

  test('Route 53: an id of another name is refused', () => {
    const id = `${TEST_ZONE}__dmarc.acme-shop.io_TXT`;
    expect(errorsOf(config('route53', { 'dmarc-report-auth': id }))).toEqual([
      `${PATH}: "${id}" is not the Route 53 import id of the dmarc-report-auth record: it is the hosted zone id, the record name and its type joined by "_", such as "${TEST_ZONE}_${AUTH_NAME}_TXT"`,
    ]);
  });

  test('Cloudflare: an id in the Route 53 shape, or in the wrong zone, is refused', () => {
    const route53Shaped = `${TEST_ZONE}_${AUTH_NAME}_TXT`;
    expect(errorsOf(config('cloudflare', { 'dmarc-report-auth': route53Shaped }))).toEqual([
      `${PATH}: "${route53Shaped}" is not a Cloudflare import id of the dmarc-report-auth record: it is the zone id and the record id (32 hexadecimal characters each) joined by "/" (${CF_TEST_ZONE}/<record id>); the record id is in the dashboard or the API`,
    ]);
    const ownZone = `${CF_SHOP_ZONE}/${CF_RECORD}`;
    expect(errorsOf(config('cloudflare', { 'dmarc-report-auth': ownZone }))).toEqual([
      `${PATH}: "${ownZone}" is not a Cloudflare import id of the dmarc-report-auth record: it is the zone id and the record id (32 hexadecimal characters each) joined by "/" (${CF_TEST_ZONE}/<record id>); the record id is in the dashboard or the API`,
    ]);
  });

  test('nothing to import: the reports stay in the organization', () => {
    const raw = config('route53', { 'dmarc-report-auth': `${TEST_ZONE}_${AUTH_NAME}_TXT` }, { rua: [] });
    expect(errorsOf(raw)).toEqual([
      `${PATH}: acme-shop.io has no dmarc-report-auth to adopt in environment production: ses-dns writes the report authorization <domain>._report._dmarc.<report domain> only when rua or ruf names another organization's domain whose zone the same environment manages, and its DMARC reports go to no other organization's domain; remove this entry`,
    ]);
  });

  test("nothing to import: the report domain's zone is not managed in this environment", () => {
    const raw = config(
      'cloudflare',
      { 'dmarc-report-auth': `${CF_TEST_ZONE}/${CF_RECORD}` },
      { rua: ['reports@dmarc.example.net'] },
    );
    expect(errorsOf(raw)).toEqual([
      `${PATH}: acme-shop.io has no dmarc-report-auth to adopt in environment production: ses-dns writes the report authorization <domain>._report._dmarc.<report domain> only when rua or ruf names another organization's domain whose zone the same environment manages, and its DMARC reports go to dmarc.example.net, whose zone environment production does not manage; remove this entry`,
    ]);
  });
});

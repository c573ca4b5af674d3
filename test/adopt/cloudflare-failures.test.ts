/**
 * Cloudflare's API failing during `adopt` (CLOUDFLARE_API_TOKEN set): a token refused (401,
 * 403), an error answer, an answer that is not JSON, a base URL nothing answers at. Each is
 * "could not check" (exit 2), naming what could not be looked up, the API's error and the
 * fix, and `--write` writes nothing; never a finding (exit 1) with ids left missing. A
 * local HTTP server stands in for the API (CLOUDFLARE_BASE_URL).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { CloudflareUnavailableError } from '../../src/adopt/cloudflare-api';
import { adopt } from '../../src/cli/commands/adopt';
import { couldNotCheck } from '../../src/cli/live-check';
import { main } from '../../src/cli/main';
import type { DnsLookup } from '../../src/verify/lookup';
import { requireBind } from '../e2e/support/bind-gate';
import { findFreePort } from '../e2e/support/named';
import { loadCorpus, mockAws, startWorld } from './support/corpus';
import type { CorpusWorld } from './support/corpus';

const TOKEN = 'a-secret-token-value-0123456789';
const ZONE_ID = '023e105f4ecef8ad9ca31a8372d0c353';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A local server answering every request with `handler`; resolves to its v4 base URL. */
async function api(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/client/v4`, server };
}

const json =
  (status: number, body: unknown): Handler =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

const refusal = (code: number, message: string) => ({
  success: false,
  errors: [{ code, message }],
  messages: [],
  result: null,
});

/** Finds the zone, then answers its DNS records with `records`. */
const zoneThen =
  (records: Handler): Handler =>
  (request, response) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname === '/client/v4/zones') {
      json(200, {
        success: true,
        errors: [],
        messages: [],
        result: [{ id: ZONE_ID, name: 'example.com' }],
        result_info: { page: 1, per_page: 50, count: 1, total_count: 1, total_pages: 1 },
      })(request, response);
    } else records(request, response);
  };

const TOKEN_FIX =
  'set CLOUDFLARE_API_TOKEN to an API token with the permissions Zone:Read and DNS:Read on example.com, or unset CLOUDFLARE_API_TOKEN and copy each record id from the dashboard';
const ANSWER_FIX =
  "if CLOUDFLARE_BASE_URL is set, it must point at Cloudflare's v4 API; otherwise run adopt again later, or unset CLOUDFLARE_API_TOKEN and copy each record id from the dashboard";
const NETWORK_FIX =
  'check the network from here to the API (and CLOUDFLARE_BASE_URL, when set), then run adopt again, or unset CLOUDFLARE_API_TOKEN and copy each record id from the dashboard';
const ZONE = 'the zone example.com';
const RECORDS = `the DNS records of the zone example.com (id ${ZONE_ID})`;

const nothing: DnsLookup = { txt: async () => [], mx: async () => [], cname: async () => [] };

function configFile(domain: Record<string, unknown> = {}): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ses-dns-adopt-cf-')), 'ses-dns.yaml');
  const config = {
    defaults: { region: 'eu-west-1' },
    environments: {
      production: { dns: { provider: 'cloudflare' }, domains: [{ name: 'example.com', ...domain }] },
    },
  };
  writeFileSync(file, stringify(config));
  return file;
}

describe('the API failing: could not check, with the reason and the fix, nothing written', () => {
  test.each<[string, Handler, Record<string, unknown>, string, string]>([
    [
      'a token refused (403, Cloudflare error 10000)',
      json(403, refusal(10000, 'Authentication error')),
      {},
      `${ZONE} (GET /zones: HTTP 403 (10000 Authentication error))`,
      TOKEN_FIX,
    ],
    [
      'a token refused without JSON (401)',
      (_request, response) => {
        response.writeHead(401, { 'content-type': 'text/html' });
        response.end('<html><body>401 Unauthorized</body></html>');
      },
      {},
      `${ZONE} (GET /zones: HTTP 401, not a JSON answer)`,
      TOKEN_FIX,
    ],
    [
      'a token that may read the zone but not its DNS records',
      zoneThen(json(403, refusal(10000, 'Authentication error'))),
      {},
      `${RECORDS} (GET /zones/${ZONE_ID}/dns_records: HTTP 403 (10000 Authentication error))`,
      TOKEN_FIX,
    ],
    [
      'a server error while listing a zone given by id',
      json(500, refusal(1000, 'Internal server error')),
      { zone: { id: ZONE_ID } },
      `${RECORDS} (GET /zones/${ZONE_ID}/dns_records: HTTP 500 (1000 Internal server error))`,
      ANSWER_FIX,
    ],
    [
      'malformed JSON',
      json(200, '{"success": true, "result": [{"id": '),
      {},
      `${ZONE} (GET /zones: HTTP 200, not a JSON answer)`,
      ANSWER_FIX,
    ],
    [
      'JSON that is not the v4 envelope',
      zoneThen(json(200, { success: true, result: 'example.com' })),
      {},
      `${RECORDS} (GET /zones/${ZONE_ID}/dns_records: the answer's result is not a list of objects, as the v4 API gives)`,
      ANSWER_FIX,
    ],
  ])('%s', async (_why, handler, domain, what, fix) => {
    const { url, server } = await api(handler);
    try {
      const file = configFile(domain);
      const before = readFileSync(file, 'utf8');
      const env = { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: url };
      const error = await adopt({ config: file, dns: nothing, env, write: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CloudflareUnavailableError);
      const message = couldNotCheck(error, undefined);
      expect(message).toBe(`could not check: Cloudflare could not be asked for ${what}; ${fix}`);
      expect(message).not.toContain(TOKEN);
      expect(readFileSync(file, 'utf8')).toBe(before);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('a port fetch refuses to ask (9, discard): its reason, named', async () => {
    const file = configFile();
    const env = { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: 'http://127.0.0.1:9/client/v4' };
    const error = await adopt({ config: file, dns: nothing, env }).catch((e: unknown) => e);
    // Node's fetch says `bad port`; the words are its own, so only that some are given is asserted.
    expect(couldNotCheck(error, undefined)).toMatch(
      /^could not check: Cloudflare could not be asked for the zone example\.com \(GET \/zones: fetch failed \([^)]+\)\); check the network/,
    );
  });

  test('a base URL nothing answers at: the network, named', async () => {
    const port = await findFreePort();
    const file = configFile();
    const env = { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: `http://127.0.0.1:${port}/client/v4` };
    const error = await adopt({ config: file, dns: nothing, env, write: true }).catch((e: unknown) => e);
    expect(couldNotCheck(error, undefined)).toBe(
      `could not check: Cloudflare could not be asked for ${ZONE} (GET /zones: fetch failed (ECONNREFUSED)); ${NETWORK_FIX}`,
    );
  });
});

const bind = requireBind('adopt with a failing Cloudflare API against BIND');
const kase = loadCorpus().find((c) => c.name === 'cf-resend-tokyo')!;

describe.skipIf(!bind)('the command line: exit 2, stdout empty, the config untouched', () => {
  let world: CorpusWorld;
  let aws: ReturnType<typeof mockAws>;
  const work = mkdtempSync(join(tmpdir(), 'ses-dns-adopt-cf-cli-'));
  const config = join(work, 'ses-dns.yaml');

  beforeAll(async () => {
    world = await startWorld(bind!.named, bind!.checkzone, kase);
    aws = mockAws(bind!.checkzone, kase);
  }, 60_000);
  afterAll(async () => {
    aws.restore();
    await world.stop();
    rmSync(work, { recursive: true, force: true });
  });

  async function adoptWith(env: Record<string, string>) {
    copyFileSync(join(kase.dir, 'ses-dns.yaml'), config);
    const saved = { ...process.env };
    Object.assign(process.env, env);
    let stdout = '';
    let stderr = '';
    try {
      const code = await main(['adopt', '-c', config, '--resolver', world.resolver, '--aws', '--write'], {
        out: (t) => (stdout += `${t}\n`),
        err: (t) => (stderr += `${t}\n`),
      });
      return { code, stdout, stderr };
    } finally {
      process.env = saved;
    }
  }

  test('the control: with the API answering, adoptable and written with its record ids', async () => {
    const result = await adoptWith(world.env);
    expect(result.code).toBe(0);
    expect(readFileSync(config, 'utf8')).toMatch(/mail-from-mx: 6f1ad34fc4ad4b9c2f0b7e8de7c5b4a1\/[0-9a-f]{32}/);
  });

  test('a token the API refuses', async () => {
    const result = await adoptWith({ ...world.env, CLOUDFLARE_API_TOKEN: TOKEN });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `could not check: Cloudflare could not be asked for the zone example.app (GET /zones: HTTP 403 (10000 Authentication error)); ${TOKEN_FIX.replace('example.com', 'example.app')}\n`,
    });
    expect(readFileSync(config, 'utf8')).toBe(readFileSync(join(kase.dir, 'ses-dns.yaml'), 'utf8'));
  });

  test('an API nothing answers at', async () => {
    const port = await findFreePort();
    const result = await adoptWith({ ...world.env, CLOUDFLARE_BASE_URL: `http://127.0.0.1:${port}/client/v4` });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('(GET /zones: fetch failed (ECONNREFUSED)); check the network');
    expect(readFileSync(config, 'utf8')).toBe(readFileSync(join(kase.dir, 'ses-dns.yaml'), 'utf8'));
  });
});

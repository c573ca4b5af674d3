/**
 * The two Cloudflare v4 API calls `ses-dns adopt` needs, read-only, on Node's own fetch:
 * the zone by name (`GET /zones?name=`) and its DNS records (`GET /zones/{id}/dns_records`,
 * page by page). The token comes from `CLOUDFLARE_API_TOKEN` (the variable the Terraform
 * provider reads) and is sent only as a bearer header, to the API base URL: never printed,
 * never written. The base URL can be changed with `CLOUDFLARE_BASE_URL` (as Cloudflare's
 * own SDK allows), for example to a local test server (the command checks it: plain
 * `http:` only on the loopback interface, so a token never crosses a network unencrypted).
 * @see https://developers.cloudflare.com/api/resources/zones/methods/list/
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/list/
 */
import type { ZoneListing, ZoneRecord } from './zone-listing';
import { hostName } from './zone-listing';

/** Cloudflare's API endpoint. */
export const CLOUDFLARE_API_BASE_URL = 'https://api.cloudflare.com/client/v4';

/** What the API said of a zone name. */
export interface CloudflareZoneFacts {
  readonly zone: string;
  /** `ambiguous`: the token sees two zones of that name (two accounts). */
  readonly state: 'found' | 'absent' | 'ambiguous';
  readonly id?: string;
}

/** The read-only part of the API adopt uses. */
export interface CloudflareApi {
  findZone(name: string): Promise<CloudflareZoneFacts>;
  listZone(zoneId: string): Promise<ZoneListing>;
}

/**
 * Why a call failed, for the fix: `token`, the API refused the token (HTTP 401 or 403, or an
 * authentication error code); `network`, no answer at all (unreachable, timed out); `answer`,
 * an answer that is not the API's (not JSON) or an error of another kind.
 */
export type CloudflareFailure = 'token' | 'network' | 'answer';

/** Cloudflare's error codes for a missing, malformed or invalid token. */
const TOKEN_ERROR_CODES = new Set([6003, 6111, 9103, 9106, 9109, 10000]);

/** A failed API call: the HTTP status and Cloudflare's own error codes and messages. */
export class CloudflareApiError extends Error {
  constructor(
    message: string,
    readonly failure: CloudflareFailure,
  ) {
    super(message);
    this.name = 'CloudflareApiError';
  }
}

/**
 * The API could not tell adopt what it asked (`what`: the zone `example.com`, or its DNS
 * records): the check did not run. adopt stops ("could not check", exit 2) and writes
 * nothing, rather than report the ids it could not learn as a finding.
 */
export class CloudflareUnavailableError extends Error {
  constructor(
    /** What could not be looked up, in words: `the zone example.com`. */
    readonly what: string,
    /** The zone whose token scope the fix names. */
    readonly zone: string,
    readonly apiError: CloudflareApiError,
  ) {
    super(`${what}: ${apiError.message}`);
    this.name = 'CloudflareUnavailableError';
  }
}

/** Options of {@link createCloudflareApi}. */
export interface CloudflareApiOptions {
  readonly token: string;
  /** @default CLOUDFLARE_API_BASE_URL */
  readonly baseUrl?: string;
  /** Milliseconds per request. @default 15000 */
  readonly timeoutMs?: number;
}

interface Envelope<T> {
  success?: boolean;
  errors?: { code?: number; message?: string }[];
  result?: T;
  result_info?: { page?: number; total_pages?: number };
}

interface ApiRecord {
  id?: string;
  name?: string;
  type?: string;
  content?: string;
  priority?: number;
  /** Seconds, or 1 for automatic. */
  ttl?: number;
  proxied?: boolean;
  comment?: string | null;
}

/** At most this many pages (100 records each) are read of one zone. */
const MAX_PAGES = 200;

/** An API client on Node's fetch. */
export function createCloudflareApi(options: CloudflareApiOptions): CloudflareApi {
  const base = options.baseUrl ?? CLOUDFLARE_API_BASE_URL;
  async function get<T>(path: string, query: Record<string, string>): Promise<Envelope<T>> {
    const url = `${base}${path}?${new URLSearchParams(query).toString()}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { Authorization: `Bearer ${options.token}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new CloudflareApiError(`GET ${path}: ${noAnswer(error)}`, 'network');
    }
    const refused = response.status === 401 || response.status === 403;
    let body: Envelope<T>;
    try {
      body = (await response.json()) as Envelope<T>;
    } catch {
      const failure = refused ? 'token' : 'answer';
      throw new CloudflareApiError(`GET ${path}: HTTP ${response.status}, not a JSON answer`, failure);
    }
    if (typeof body !== 'object' || body === null || !response.ok || body.success === false) {
      const errors = Array.isArray(body?.errors) ? body.errors.filter((e) => typeof e === 'object' && e !== null) : [];
      const reasons = errors.map((e) => `${e.code ?? '?'} ${e.message ?? ''}`.trim()).join('; ');
      const failure = refused || errors.some((e) => TOKEN_ERROR_CODES.has(e.code ?? 0)) ? 'token' : 'answer';
      throw new CloudflareApiError(`GET ${path}: HTTP ${response.status}${reasons ? ` (${reasons})` : ''}`, failure);
    }
    return body;
  }

  return {
    async findZone(name) {
      const body = await get<{ id?: string; name?: string }[]>('/zones', { name, per_page: '50' });
      const ids = listOf<{ id?: string; name?: string }>(body.result, '/zones')
        .filter((z) => hostName(z.name ?? '') === name && z.id)
        .map((z) => z.id!);
      if (ids.length === 0) return { zone: name, state: 'absent' };
      if (ids.length > 1) return { zone: name, state: 'ambiguous' };
      return { zone: name, state: 'found', id: ids[0] };
    },
    async listZone(zoneId) {
      const records: ZoneRecord[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const path = `/zones/${encodeURIComponent(zoneId)}/dns_records`;
        const body = await get<ApiRecord[]>(path, {
          page: String(page),
          per_page: '100',
        });
        for (const r of listOf<ApiRecord>(body.result, path)) records.push(toZoneRecord(r));
        const total = body.result_info?.total_pages ?? 1;
        if (page >= total) return { complete: true, records };
      }
      return { complete: false, records };
    },
  };
}

/**
 * Why fetch got no answer: its message and the cause, the system's code (ECONNREFUSED,
 * ENOTFOUND) or else fetch's own words (`bad port`, for a port browsers refuse).
 */
function noAnswer(error: unknown): string {
  const { message, cause } = error as Error & { cause?: { code?: string; message?: string } };
  const why = cause?.code ?? cause?.message;
  return why ? `${message} (${why})` : message;
}

/** The items of `result` (none when it is absent). @throws CloudflareApiError when it is not a list of objects */
function listOf<T>(result: unknown, path: string): T[] {
  if (result === undefined || result === null) return [];
  if (!Array.isArray(result) || result.some((item) => typeof item !== 'object' || item === null)) {
    throw new CloudflareApiError(
      `GET ${path}: the answer's result is not a list of objects, as the v4 API gives`,
      'answer',
    );
  }
  return result as T[];
}

function toZoneRecord(r: ApiRecord): ZoneRecord {
  const type = (r.type ?? '').toUpperCase();
  const content = r.content ?? '';
  return {
    name: hostName(r.name ?? ''),
    type,
    values: [type === 'MX' ? `${r.priority ?? 0} ${content}` : content],
    id: r.id,
    ...(typeof r.ttl === 'number' && { ttl: r.ttl }),
    proxied: r.proxied,
    ...(r.comment ? { comment: r.comment } : {}),
  };
}

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
  readonly state: 'found' | 'absent' | 'ambiguous' | 'unknown';
  readonly id?: string;
  readonly error?: string;
}

/** The read-only part of the API adopt uses. */
export interface CloudflareApi {
  findZone(name: string): Promise<CloudflareZoneFacts>;
  listZone(zoneId: string): Promise<ZoneListing>;
}

/** A failed API call: the HTTP status and Cloudflare's own error codes and messages. */
export class CloudflareApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloudflareApiError';
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
      throw new CloudflareApiError(`GET ${path}: ${(error as Error).message}`);
    }
    let body: Envelope<T>;
    try {
      body = (await response.json()) as Envelope<T>;
    } catch {
      throw new CloudflareApiError(`GET ${path}: HTTP ${response.status}, not a JSON answer`);
    }
    if (!response.ok || body.success === false) {
      const reasons = (body.errors ?? []).map((e) => `${e.code ?? '?'} ${e.message ?? ''}`.trim()).join('; ');
      throw new CloudflareApiError(`GET ${path}: HTTP ${response.status}${reasons ? ` (${reasons})` : ''}`);
    }
    return body;
  }

  return {
    async findZone(name) {
      try {
        const body = await get<{ id?: string; name?: string }[]>('/zones', { name, per_page: '50' });
        const ids = (body.result ?? []).filter((z) => hostName(z.name ?? '') === name && z.id).map((z) => z.id!);
        if (ids.length === 0) return { zone: name, state: 'absent' };
        if (ids.length > 1) return { zone: name, state: 'ambiguous' };
        return { zone: name, state: 'found', id: ids[0] };
      } catch (error) {
        return { zone: name, state: 'unknown', error: (error as Error).message };
      }
    },
    async listZone(zoneId) {
      const records: ZoneRecord[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const body = await get<ApiRecord[]>(`/zones/${encodeURIComponent(zoneId)}/dns_records`, {
          page: String(page),
          per_page: '100',
        });
        for (const r of body.result ?? []) records.push(toZoneRecord(r));
        const total = body.result_info?.total_pages ?? 1;
        if (page >= total) return { complete: true, records };
      }
      return { complete: false, records };
    },
  };
}

function toZoneRecord(r: ApiRecord): ZoneRecord {
  const type = (r.type ?? '').toUpperCase();
  const content = r.content ?? '';
  return {
    name: hostName(r.name ?? ''),
    type,
    values: [type === 'MX' ? `${r.priority ?? 0} ${content}` : content],
    id: r.id,
    proxied: r.proxied,
    ...(r.comment ? { comment: r.comment } : {}),
  };
}

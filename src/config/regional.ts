/**
 * `region` as a list (issue #16): reading it at every layer, and the rules a domain in
 * several SES regions must follow: a MAIL FROM name per region (`{region}` in
 * `mailFrom.subdomain`), names that stay valid once the region is in, and event targets
 * that exist in each region. The regional view itself is domain-regions.ts.
 */
import * as say from '../messages/config';
import { domainInRegions, domainRegions, hasRegionPlaceholder, isMultiRegion } from './domain-regions';
import { errorAt, joinPath } from './issues';
import type { ConfigIssue } from './issues';
import type { MergedSettings } from './merge';
import type { ResolvedDomain } from './model';
import { isObj } from './read';
import { partitionOf } from './regions';

/**
 * The regions a raw `region` value names: a string is one region, a list its strings in
 * order; undefined when there is none (a wrong shape is the schema's to report).
 */
export function readRegions(raw: unknown): string[] | undefined {
  if (typeof raw === 'string') return [raw];
  if (!Array.isArray(raw)) return undefined;
  const regions = [...new Set(raw.filter((r): r is string => typeof r === 'string'))];
  return regions.length > 0 ? regions : undefined;
}

/** The longest DNS name and label (RFC 1035 section 2.3.4). */
const MAX_NAME = 253;
const MAX_LABEL = 63;

function validName(name: string): boolean {
  return name.length <= MAX_NAME && name.split('.').every((label) => label.length <= MAX_LABEL);
}

/**
 * The names a domain takes in each region: a MAIL FROM name per region (`{region}` required
 * with several: one name takes exactly one MX, and that MX names one region's feedback
 * host), and MAIL FROM and tracking names that are still valid DNS names once the region is
 * in.
 */
export function checkRegionalNames(domain: ResolvedDomain, settings: MergedSettings, issues: ConfigIssue[]): void {
  const { mailFrom } = domain;
  if (mailFrom && isMultiRegion(domain) && !hasRegionPlaceholder(mailFrom.subdomain)) {
    const at = locate(settings, 'mailFrom.subdomain', domain);
    issues.push(errorAt(at, say.mailFromNeedsRegion(domain.name, mailFrom.subdomain, domainRegions(domain))));
  }
  for (const { region, domain: seen } of domainInRegions(domain)) {
    if (seen.mailFrom && !validName(seen.mailFrom.domain)) {
      const at = locate(settings, 'mailFrom.subdomain', domain);
      issues.push(errorAt(at, say.regionalNameTooLong(seen.mailFrom.domain, region)));
    }
    if (seen.tracking && !validName(seen.tracking.domain)) {
      const at = locate(settings, 'tracking.subdomain', domain);
      issues.push(errorAt(at, say.regionalNameTooLong(seen.tracking.domain, region)));
    }
  }
}

/**
 * Where `key` is written; where the domain's entry would write it when only a built-in
 * default gives it (the built-in layer has no path of its own).
 */
function locate(settings: MergedSettings, key: string, domain: ResolvedDomain): string {
  const at = settings.originOf(key);
  return at === key ? joinPath(domain.path, key) : at;
}

/** The keys of an event target that hold a regional ARN, by target. */
const REGIONAL_ARNS = { sns: 'topicArn', eventBridge: 'busArn', firehose: 'deliveryStreamArn' } as const;

/** The region field of an ARN (`arn:aws:sns:<region>:...`). */
export function arnRegion(arn: string): string | undefined {
  return arn.split(':')[3];
}

/**
 * Event targets named by ARN in the configuration set of a domain in several regions: SES
 * publishes a set's events only to a topic, bus or stream of the set's own region, and the
 * set exists in each region, so such an ARN must say `{region}` (one per region) rather than
 * one region.
 * @see https://docs.aws.amazon.com/ses/latest/dg/regions.html#region-feedback-notifications
 */
export function checkRegionalTargets(
  domain: ResolvedDomain,
  raw: unknown,
  settings: MergedSettings,
  issues: ConfigIssue[],
): void {
  if (!isMultiRegion(domain) || !domain.configurationSet || !Array.isArray(raw)) return;
  const base = settings.originOf('configurationSet.events');
  raw.forEach((event: unknown, index: number) => {
    if (!isObj(event)) return;
    for (const [kind, key] of Object.entries(REGIONAL_ARNS)) {
      const target = event[kind];
      const arn = isObj(target) ? target[key] : undefined;
      if (typeof arn !== 'string' || hasRegionPlaceholder(arn)) continue;
      const path = joinPath(joinPath(joinPath(base, index), kind), key);
      issues.push(errorAt(path, say.targetInOneRegion(arn, arnRegion(arn), domain.name, domainRegions(domain))));
    }
  });
}

/**
 * The regions of one environment stay in one AWS partition: its stack's AWS providers (one
 * per region) share the environment's credentials, and an account lives in one partition,
 * so a GovCloud region beside a commercial one could never plan. Each place that writes a
 * region of the other partition is reported once (`reported` is shared by the environment).
 * @param home the environment's own (first) region, which decides its partition
 */
export function checkOnePartition(
  domain: ResolvedDomain,
  settings: MergedSettings,
  home: string,
  reported: Set<string>,
  issues: ConfigIssue[],
): void {
  const partition = partitionOf(home);
  const foreign = domainRegions(domain).filter((region) => partitionOf(region) !== partition);
  if (foreign.length === 0) return;
  const at = locate(settings, 'region', domain);
  if (reported.has(at)) return;
  reported.add(at);
  issues.push(errorAt(at, say.regionsAcrossPartitions(foreign, partitionOf(foreign[0]!), home, partition)));
}

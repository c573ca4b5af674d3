/**
 * AWS resources that a new synth moves to another region at the same address.
 *
 * An address says nothing of a region: `example_com__identity` is the home region's
 * identity, and the home region is the first one a `region` list names. Reorder the list,
 * or change an environment's region, and the same address now means a resource in another
 * region: Terraform destroys the old one and creates the new one, and for an SES identity
 * that means new DKIM tokens and mail failing DKIM until DNS catches up (`prevent_destroy`
 * stops the apply, but only at apply time). Synth holds the stack file it wrote last time,
 * so it can say so at synth time, before a pull request is even opened.
 */
import { readFileSync } from 'node:fs';

/** One resource whose AWS region changes at an unchanged address. */
export interface RegionMove {
  /** Terraform resource type: `aws_sesv2_email_identity`. */
  readonly type: string;
  /** Resource name inside the type: `example_com__identity`. */
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

/** The parts of a `cdk.tf.json` this check reads. */
interface StackJson {
  readonly provider?: { readonly aws?: readonly { readonly alias?: string; readonly region?: string }[] };
  readonly resource?: Record<string, Record<string, { readonly provider?: string }>>;
}

/** Region of every AWS resource of a stack, by `type.name`. */
function awsRegions(stack: StackJson): Map<string, string> {
  const byProvider = new Map<string, string>();
  for (const p of stack.provider?.aws ?? []) {
    // A resource without `provider` uses the provider without alias.
    if (p.region !== undefined) byProvider.set(p.alias === undefined ? 'aws' : `aws.${p.alias}`, p.region);
  }
  const regions = new Map<string, string>();
  for (const [type, resources] of Object.entries(stack.resource ?? {})) {
    if (!type.startsWith('aws_')) continue;
    for (const [name, body] of Object.entries(resources)) {
      const region = byProvider.get(body.provider ?? 'aws');
      if (region !== undefined) regions.set(`${type}.${name}`, region);
    }
  }
  return regions;
}

/** The AWS resources of `before` that `after` keeps at the same address but places in another region. */
export function regionMoves(before: StackJson, after: StackJson): RegionMove[] {
  const old = awsRegions(before);
  const moves: RegionMove[] = [];
  for (const [address, to] of awsRegions(after)) {
    const from = old.get(address);
    if (from === undefined || from === to) continue;
    const dot = address.indexOf('.');
    moves.push({ type: address.slice(0, dot), name: address.slice(dot + 1), from, to });
  }
  return moves;
}

/**
 * {@link regionMoves} between two `cdk.tf.json` files; none when the previous file cannot be
 * read as JSON (it is replaced anyway, and synth only reads files it wrote).
 */
export function regionMovesBetweenFiles(previousFile: string, nextFile: string): RegionMove[] {
  let before: StackJson;
  try {
    before = JSON.parse(readFileSync(previousFile, 'utf8')) as StackJson;
  } catch {
    return [];
  }
  return regionMoves(before, JSON.parse(readFileSync(nextFile, 'utf8')) as StackJson);
}

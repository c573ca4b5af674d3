/**
 * One environment = one stack = one Terraform state: the environment's AWS provider and
 * backend, every domain's SES identity, and every record on the environment's DNS provider.
 */
import type { Construct } from 'constructs';
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend } from '../cdktf';
import type { ResolvedBackend, ResolvedEnvironment } from '../config/model';
import { EASY_DKIM_TOKEN_COUNT } from '../records/dkim';
import { fillTokens, hasTokenPlaceholder } from '../records/model';
import { planDomain, planDomainInEnvironment } from '../records/plan';
import { dnsProvider } from '../providers/provider';
import type { MaterializedRecord } from '../providers/provider';
import { SesAccountSettings } from '../ses/account';
import { AwsProviderConfig } from '../ses/aws';
import { EmailIdentity } from '../ses/email-identity';
import { PlainStack } from '../terraform/plain-stack';
import { PlainStackSynthesizer } from '../terraform/plain-synthesizer';

/** Props of {@link EnvironmentStack}. */
export interface EnvironmentStackProps {
  readonly environment: ResolvedEnvironment;
  /**
   * Whether the stack neither references nor is referenced by another stack, nor gets
   * aspects or constructs of a user's, as in the app `ses-dns synth` builds: cdktf's
   * preparing pass, which looks for cross-stack references by resolving every token once
   * more before synthesis, is then skipped, and the stack is written by
   * {@link PlainStackSynthesizer}.
   * @default false
   */
  readonly standalone?: boolean;
}

/** The provider alias of an AWS region other than the stack's: `eu-south-1` -> `eu_south_1`. */
export function regionAlias(region: string): string {
  return region.replace(/-/g, '_');
}

/**
 * A CDKTF stack holding one environment. Its resources hold final values and literal
 * references, and {@link PlainStack} synthesizes them without cdktf's token resolution.
 */
export class EnvironmentStack extends PlainStack {
  private readonly standalone: boolean;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    const { environment } = props;
    super(scope, environment.name);
    this.standalone = props.standalone ?? false;
    if (this.standalone) this.synthesizer = new PlainStackSynthesizer(this, this.synthesizer);

    // With account.id, the provider refuses credentials of any other account (issue #9).
    const allowedAccountIds = environment.account?.id ? [environment.account.id] : undefined;
    new AwsProviderConfig(this, 'aws', { region: environment.region, allowedAccountIds });
    this.backend(environment.name, environment.backend);
    const regionalProviders = this.regionalProviders(environment, allowedAccountIds);
    const target = dnsProvider(environment.dns.provider).configure(this, environment);
    if (environment.account)
      new SesAccountSettings(this, 'account', { environment: environment.name, account: environment.account });

    for (const domain of environment.domains) {
      const ses = new EmailIdentity(this, domain.name, {
        domain,
        provider: regionalProviders.get(domain.region),
        preventDestroy: environment.preventDestroy ?? true,
      });
      const tokens =
        domain.dkim.type === 'easy'
          ? Array.from({ length: EASY_DKIM_TOKEN_COUNT }, (_, i) => ses.dkimTokenReference(i))
          : [];
      const planned = [...planDomain(domain), ...planDomainInEnvironment(domain, environment)];
      const records: MaterializedRecord[] = planned.map((record) =>
        hasTokenPlaceholder(record.name) || hasTokenPlaceholder(record.value)
          ? Object.assign({}, record, {
              name: fillTokens(record.name, tokens),
              value: fillTokens(record.value, tokens),
            })
          : record,
      );
      target.emit(records);
    }
  }

  /**
   * The SES side of one of the environment's domains, for hand-written apps that refer to it
   * (`stack.emailIdentity('example.com').identity.arn`, a token, works across stacks too).
   * @throws Error when the environment has no such domain
   */
  emailIdentity(domain: string): EmailIdentity {
    const child = this.node.tryFindChild(domain);
    if (!(child instanceof EmailIdentity)) throw new Error(`environment ${this.node.id} has no domain ${domain}`);
    return child;
  }

  /** Skips cdktf's search for cross-stack references when there can be none (see `standalone`). */
  override prepareStack(): void {
    if (this.standalone) this.ensureBackendExists();
    else super.prepareStack();
  }

  /** One aliased AWS provider per region that a domain uses besides the stack's own. */
  private regionalProviders(
    environment: ResolvedEnvironment,
    allowedAccountIds: string[] | undefined,
  ): Map<string, AwsProviderConfig> {
    const providers = new Map<string, AwsProviderConfig>();
    const regions = [...new Set(environment.domains.map((d) => d.region))].sort();
    for (const region of regions) {
      if (region === environment.region) continue;
      const alias = regionAlias(region);
      providers.set(region, new AwsProviderConfig(this, `aws_${alias}`, { region, alias, allowedAccountIds }));
    }
    return providers;
  }

  private backend(environment: string, backend: ResolvedBackend): void {
    switch (backend.type) {
      case 'local':
        // A relative path: the default would write this machine's absolute path.
        new LocalBackend(this, { path: backend.path });
        return;
      case 's3': {
        const s3 = new S3Backend(this, {
          bucket: backend.bucket,
          key: backend.key,
          region: backend.region,
          encrypt: backend.encrypt,
          profile: backend.profile,
          assumeRole: backend.roleArn ? { roleArn: backend.roleArn } : undefined,
        });
        // State locking in the bucket itself (Terraform 1.10+); cdktf 0.21 has no prop for it.
        s3.addOverride('use_lockfile', true);
        return;
      }
      case 'cloud':
        new CloudBackend(this, {
          organization: backend.organization,
          hostname: backend.hostname,
          workspaces: new NamedCloudWorkspace(backend.workspace),
        });
        return;
      default:
        throw new Error(`unknown backend of environment ${environment}`);
    }
  }
}

/**
 * Issue #9: the environment-level `account` block: account suppression, CloudWatch alarms
 * on the reputation rates, VDM, and ACCOUNT.md.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseDocument } from 'yaml';
import { synth as synthCommand } from '../src/cli/commands/synth';
import { synthesizeApp } from '../src/stacks/app';
import { validateConfig } from '../src/checks/validate';
import type { ConfigIssue } from '../src/config/issues';
import { renderAccountMarkdown } from '../src/report/account-report';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ses-dns-account-'));
  dirs.push(dir);
  return dir;
};

function synth(raw: unknown): Record<string, Json> {
  const { config, issues } = validateConfig(raw);
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  const outdir = tempDir();
  synthesizeApp(config, outdir);
  return Object.fromEntries(
    config.environments.map((e) => [
      e.name,
      JSON.parse(readFileSync(join(outdir, 'stacks', e.name, 'cdk.tf.json'), 'utf8')) as Json,
    ]),
  );
}

const issuesOf = (raw: unknown): ConfigIssue[] => validateConfig(raw).issues;
/** A resource without cdktf's `//` metadata (construct paths). */
function withoutMetadata(resource: Json): Json {
  return Object.fromEntries(Object.entries(resource).filter(([k]) => k !== '//'));
}

const count = (stack: Json, type: string) => Object.keys(stack.resource?.[type] ?? {}).length;

function attrs(stack: Json, type: string, address: string): Json {
  const resource = stack.resource?.[type]?.[address] as Json | undefined;
  expect(resource, `${type}.${address}`).toBeDefined();
  return withoutMetadata(resource!);
}

function config(account: unknown, env: Json = {}): Json {
  return {
    defaults: { region: 'eu-west-1' },
    environments: {
      production: { dns: { provider: 'route53' }, account, ...env, domains: [{ name: 'example.com' }] },
    },
  };
}

const EXAMPLE = join(__dirname, '..', 'examples', 'account', 'ses-dns.yaml');

describe('examples/account', () => {
  const raw = parseDocument(readFileSync(EXAMPLE, 'utf8')).toJS();
  const stacks = synth(raw);
  const production = stacks.production!;
  const staging = stacks.staging!;

  test('has no warnings', () => {
    expect(issuesOf(raw)).toEqual([]);
  });

  test('resource counts', () => {
    expect(count(production, 'aws_sesv2_account_suppression_attributes')).toBe(1);
    expect(count(production, 'aws_cloudwatch_metric_alarm')).toBe(2);
    expect(count(production, 'aws_sesv2_account_vdm_attributes')).toBe(1);
    expect(count(production, 'aws_sns_topic')).toBe(0);
    expect(count(staging, 'aws_sesv2_account_suppression_attributes')).toBe(1);
    expect(count(staging, 'aws_cloudwatch_metric_alarm')).toBe(2);
    expect(count(staging, 'aws_sesv2_account_vdm_attributes')).toBe(0);
    expect(count(staging, 'aws_sns_topic')).toBe(1);
  });

  test('both alarms: metric, namespace, threshold and action', () => {
    const topic = 'arn:aws:sns:eu-west-1:222222222222:ses-alarms';
    const common = {
      namespace: 'AWS/SES',
      statistic: 'Maximum',
      period: 3600,
      evaluation_periods: 1,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      treat_missing_data: 'notBreaching',
      alarm_actions: [topic],
      ok_actions: [topic],
    };
    expect(attrs(production, 'aws_cloudwatch_metric_alarm', 'account__bounce_rate_alarm')).toEqual({
      ...common,
      alarm_name: 'ses-production-bounce-rate',
      alarm_description: 'SES bounce rate of environment production at or above 2%; SES reviews the account at 10%',
      metric_name: 'Reputation.BounceRate',
      threshold: 0.02,
    });
    expect(attrs(production, 'aws_cloudwatch_metric_alarm', 'account__complaint_rate_alarm')).toEqual({
      ...common,
      alarm_name: 'ses-production-complaint-rate',
      alarm_description:
        'SES complaint rate of environment production at or above 0.05%; SES reviews the account at 0.2%',
      metric_name: 'Reputation.ComplaintRate',
      threshold: 0.0005,
    });
  });

  test('default thresholds are the SES warning levels, notifying a topic the stack makes', () => {
    const bounce = attrs(staging, 'aws_cloudwatch_metric_alarm', 'account__bounce_rate_alarm');
    const complaint = attrs(staging, 'aws_cloudwatch_metric_alarm', 'account__complaint_rate_alarm');
    expect([bounce.threshold, complaint.threshold]).toEqual([0.05, 0.001]);
    const ref = '${aws_sns_topic.account__alarm_topic.arn}';
    expect([bounce.alarm_actions, complaint.alarm_actions]).toEqual([[ref], [ref]]);
    expect(attrs(staging, 'aws_sns_topic', 'account__alarm_topic')).toEqual({ name: 'ses-reputation-alarms-staging' });
    expect(staging.output.account__alarm_topic_arn.value).toBe(ref);
  });

  test('suppression reasons', () => {
    expect(attrs(production, 'aws_sesv2_account_suppression_attributes', 'account__suppression')).toEqual({
      suppressed_reasons: ['BOUNCE', 'COMPLAINT'],
    });
    expect(attrs(staging, 'aws_sesv2_account_suppression_attributes', 'account__suppression')).toEqual({
      suppressed_reasons: ['BOUNCE'],
    });
  });

  test('VDM', () => {
    expect(attrs(production, 'aws_sesv2_account_vdm_attributes', 'account__vdm')).toEqual({
      vdm_enabled: 'ENABLED',
      dashboard_attributes: { engagement_metrics: 'ENABLED' },
      guardian_attributes: { optimized_shared_delivery: 'ENABLED' },
    });
  });

  test('account.id pins the AWS provider to the account', () => {
    expect(production.provider.aws).toEqual([{ region: 'eu-west-1', allowed_account_ids: ['222222222222'] }]);
  });
});

test('an account block with defaults only: suppression of both reasons, no alarm, no VDM', () => {
  const stack = synth(config({})).production!;
  expect(attrs(stack, 'aws_sesv2_account_suppression_attributes', 'account__suppression')).toEqual({
    suppressed_reasons: ['BOUNCE', 'COMPLAINT'],
  });
  expect(count(stack, 'aws_cloudwatch_metric_alarm')).toBe(0);
  expect(count(stack, 'aws_sesv2_account_vdm_attributes')).toBe(0);
  expect(stack.provider.aws).toEqual([{ region: 'eu-west-1' }]);
});

test('no account block: no account resource', () => {
  const stack = synth({
    defaults: { region: 'eu-west-1' },
    environments: { production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] } },
  }).production!;
  for (const type of [
    'aws_sesv2_account_suppression_attributes',
    'aws_cloudwatch_metric_alarm',
    'aws_sesv2_account_vdm_attributes',
  ]) {
    expect(count(stack, type)).toBe(0);
  }
});

const A = 'environments.production.account';

describe('validation', () => {
  test.each([
    [
      'bounceRate: 5 (a percentage, not a fraction)',
      { alarms: { bounceRate: 5 } },
      `${A}.alarms.bounceRate`,
      'must be a fraction greater than 0 and at most 1 (0.05 means 5%), got 5; did you mean 0.05 (5%)?',
    ],
    [
      'complaintRate: 0',
      { alarms: { complaintRate: 0 } },
      `${A}.alarms.complaintRate`,
      'must be a fraction greater than 0 and at most 1 (0.001 means 0.1%), got 0; SES warns at 0.001 (0.1%), the default',
    ],
    [
      'a threshold above 100',
      { alarms: { bounceRate: 250 } },
      `${A}.alarms.bounceRate`,
      'must be a fraction greater than 0 and at most 1 (0.05 means 5%), got 250; SES warns at 0.05 (5%), the default',
    ],
    [
      'a threshold as a string',
      { alarms: { bounceRate: '5%' } },
      `${A}.alarms.bounceRate`,
      'must be a number, got "5%"',
    ],
    [
      'an unknown suppression reason',
      { suppression: ['BOUNCES'] },
      `${A}.suppression[0]`,
      'must be one of BOUNCE, COMPLAINT, got "BOUNCES"; did you mean "BOUNCE"?',
    ],
    [
      'a bad account id',
      { id: '1234' },
      `${A}.id`,
      '"1234" is not allowed: must be a 12-digit AWS account id such as 123456789012',
    ],
    [
      'a bad topic ARN',
      { alarms: { snsTopicArn: 'alarms' } },
      `${A}.alarms.snsTopicArn`,
      '"alarms" is not allowed: must be an ARN such as arn:aws:sns:eu-west-1:123456789012:ses-alarms',
    ],
    ['vdm: true', { vdm: true }, `${A}.vdm`, 'must be an object, or false to switch it off, got true'],
  ])('%s', (_what, account, path, message) => {
    expect(issuesOf(config(account))).toEqual([{ severity: 'error', path, message }]);
  });

  test('a bad config writes nothing', async () => {
    const dir = tempDir();
    const file = join(dir, 'ses-dns.json');
    writeFileSync(file, JSON.stringify(config({ alarms: { bounceRate: 5 } })));
    await expect(synthCommand({ config: file, outdir: join(dir, 'out') })).rejects.toThrow(
      `${A}.alarms.bounceRate: must be a fraction greater than 0 and at most 1`,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  test.each([
    [
      'bounceRate',
      0.1,
      '0.1 (10%) is at or above the bounce rate at which SES puts the account under review (0.1, 10%): the alarm would fire only once the review has begun; use 0.05 (5%, the SES warning level) or lower',
    ],
    [
      'complaintRate',
      0.003,
      '0.003 (0.3%) is at or above the complaint rate at which SES puts the account under review (0.002, 0.2%): the alarm would fire only once the review has begun; use 0.001 (0.1%, the SES warning level) or lower',
    ],
  ])('a %s of %s at or above the review level is a warning', (key, value, message) => {
    expect(issuesOf(config({ alarms: { [key]: value } }))).toEqual([
      { severity: 'warning', path: `${A}.alarms.${key}`, message },
    ]);
  });

  test('thresholds just below the review levels pass', () => {
    expect(issuesOf(config({ alarms: { bounceRate: 0.099, complaintRate: 0.0019 } }))).toEqual([]);
  });

  test('domains in another region: the account settings do not reach them', () => {
    const raw = config({}, {});
    raw.environments.production.domains = [{ name: 'example.com' }, { name: 'example.org', region: 'eu-central-1' }];
    expect(issuesOf(raw)).toEqual([
      {
        severity: 'warning',
        path: A,
        message:
          'applies to eu-west-1, the region of environment "production", only; its domains also send from eu-central-1, whose account settings stay as they are: add that region to the environment\'s region list, or manage it in an environment of their own',
      },
    ]);
  });

  test('two environments managing one account and region', () => {
    const raw = (a?: string, b?: string) => ({
      defaults: { region: 'eu-west-1' },
      environments: {
        production: { dns: { provider: 'route53' }, account: a ? { id: a } : {}, domains: [{ name: 'example.com' }] },
        staging: { dns: { provider: 'route53' }, account: b ? { id: b } : {}, domains: [{ name: 'example.dev' }] },
      },
    });
    expect(issuesOf(raw())).toEqual([
      {
        severity: 'warning',
        path: 'environments.staging.account',
        message:
          'environment "production" (environments.production.account) also manages the SES account settings of eu-west-1; if both deploy to one AWS account their applies overwrite each other: keep the account block in one of them, or declare account.id on both if they use different accounts',
      },
    ]);
    expect(issuesOf(raw('111111111111', '222222222222'))).toEqual([]);
  });
});

describe('ACCOUNT.md', () => {
  test('states the settings in words', async () => {
    const outdir = join(tempDir(), 'out');
    await synthCommand({ config: EXAMPLE, outdir });
    const production = readFileSync(join(outdir, 'stacks', 'production', 'ACCOUNT.md'), 'utf8');
    const staging = readFileSync(join(outdir, 'stacks', 'staging', 'ACCOUNT.md'), 'utf8');
    expect(production).toContain('this stack owns them for\neu-west-1 in account 222222222222');
    expect(production).toContain('On for hard bounces and complaints');
    expect(production).toContain('| `ses-production-bounce-rate` | `Reputation.BounceRate` | 2% | 5% | 10% |');
    expect(production).toContain(
      '| `ses-production-complaint-rate` | `Reputation.ComplaintRate` | 0.05% | 0.1% | 0.2% |',
    );
    expect(production).toContain('$0.07 per 1,000 mails');
    expect(staging).toContain('On for hard bounces:');
    expect(staging).toContain('output `account__alarm_topic_arn`');
    expect(staging).toContain('Not managed by this stack.');
  });

  test('without an id, alarms or VDM', () => {
    const env = validateConfig(config({ suppression: [] })).config.environments[0]!;
    const text = renderAccountMarkdown(env)!;
    expect(text).toContain('this stack owns them for\neu-west-1.');
    expect(text).toContain('Off: SES keeps sending to addresses that bounced or complained');
    expect(text).toContain('None: set `account.alarms`');
  });

  test('is written only for environments with an account block', async () => {
    const dir = tempDir();
    const file = join(dir, 'ses-dns.json');
    writeFileSync(
      file,
      JSON.stringify({
        defaults: { region: 'eu-west-1' },
        environments: { production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] } },
      }),
    );
    await synthCommand({ config: file, outdir: join(dir, 'out') });
    expect(existsSync(join(dir, 'out', 'stacks', 'production', 'RECORDS.md'))).toBe(true);
    expect(existsSync(join(dir, 'out', 'stacks', 'production', 'ACCOUNT.md'))).toBe(false);
  });
});

/**
 * Issue #8: configuration sets with event destinations, suppression, reputation metrics and
 * delivery options; every event destination enabled, every identity attached to its set.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseDocument } from 'yaml';
import { synthesizeApp } from '../src/stacks/app';
import { validateConfig } from '../src/checks/validate';
import type { ConfigIssue } from '../src/config/issues';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Validates `raw`, fails on any error, synthesizes, and returns each stack's JSON. */
function synth(raw: unknown): Record<string, Json> {
  const { config, issues } = validateConfig(raw);
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  const outdir = mkdtempSync(join(tmpdir(), 'ses-dns-cs-'));
  dirs.push(outdir);
  synthesizeApp(config, outdir);
  return Object.fromEntries(
    config.environments.map((e) => [
      e.name,
      JSON.parse(readFileSync(join(outdir, 'stacks', e.name, 'cdk.tf.json'), 'utf8')) as Json,
    ]),
  );
}

const issuesOf = (raw: unknown): ConfigIssue[] => validateConfig(raw).issues;

/** A resource's attributes without cdktf's `//` metadata. */
function attrs(stack: Json, type: string, address: string): Json {
  const resource = stack.resource?.[type]?.[address] as Json | undefined;
  expect(resource, `${type}.${address}`).toBeDefined();
  return withoutMetadata(resource!);
}

/** A resource without cdktf's `//` metadata (construct paths). */
function withoutMetadata(resource: Json): Json {
  return Object.fromEntries(Object.entries(resource).filter(([k]) => k !== '//'));
}

const count = (stack: Json, type: string) => Object.keys(stack.resource?.[type] ?? {}).length;

function config(domain: Json, env: Json = {}, defaults: Json = {}): Json {
  return {
    defaults: { region: 'eu-west-1', ...defaults },
    environments: {
      production: { dns: { provider: 'route53' }, ...env, domains: [{ name: 'example.com', ...domain }] },
    },
  };
}

const SNS = 'arn:aws:sns:eu-west-1:123456789012:ses-events';
const ALL_TYPES =
  'SEND, REJECT, BOUNCE, COMPLAINT, DELIVERY, OPEN, CLICK, RENDERING_FAILURE, DELIVERY_DELAY, SUBSCRIPTION';

describe('examples/sending', () => {
  const raw = parseDocument(readFileSync(join(__dirname, '..', 'examples', 'sending', 'ses-dns.yaml'), 'utf8')).toJS();
  const stack = synth(raw).production!;

  test('has no warnings', () => {
    expect(issuesOf(raw)).toEqual([]);
  });

  test('resource counts', () => {
    expect(count(stack, 'aws_sesv2_email_identity')).toBe(2);
    expect(count(stack, 'aws_sesv2_configuration_set')).toBe(2);
    expect(count(stack, 'aws_sesv2_configuration_set_event_destination')).toBe(4);
    expect(count(stack, 'aws_sns_topic')).toBe(1);
  });

  test('addresses derive from domain and event names', () => {
    expect(Object.keys(stack.resource.aws_sesv2_configuration_set_event_destination).sort()).toEqual([
      'example_com__event_all_events',
      'example_com__event_bounces_complaints',
      'news_example_com__event_bounces_complaints',
      'news_example_com__event_engagement',
    ]);
    expect(Object.keys(stack.resource.aws_sesv2_configuration_set).sort()).toEqual([
      'example_com__configuration_set',
      'news_example_com__configuration_set',
    ]);
  });

  test('every event destination is enabled (the provider default, false, publishes nothing)', () => {
    for (const destination of Object.values(stack.resource.aws_sesv2_configuration_set_event_destination) as Json[]) {
      expect(destination.event_destination.enabled).toBe(true);
    }
  });

  test('every identity sends through its own set by default', () => {
    for (const domain of ['example_com', 'news_example_com']) {
      expect(attrs(stack, 'aws_sesv2_email_identity', `${domain}__identity`).configuration_set_name).toBe(
        `\${aws_sesv2_configuration_set.${domain}__configuration_set.configuration_set_name}`,
      );
    }
  });

  test('bounces and complaints go to SNS, all events to CloudWatch', () => {
    const sns = attrs(stack, 'aws_sesv2_configuration_set_event_destination', 'example_com__event_bounces_complaints');
    expect(sns).toEqual({
      configuration_set_name: '${aws_sesv2_configuration_set.example_com__configuration_set.configuration_set_name}',
      event_destination_name: 'bounces-complaints',
      event_destination: {
        enabled: true,
        matching_event_types: ['BOUNCE', 'COMPLAINT'],
        sns_destination: { topic_arn: 'arn:aws:sns:eu-west-1:123456789012:ses-bounces-complaints' },
      },
    });
    const cw = attrs(stack, 'aws_sesv2_configuration_set_event_destination', 'example_com__event_all_events');
    expect(cw.event_destination).toEqual({
      enabled: true,
      matching_event_types: ALL_TYPES.split(', '),
      cloud_watch_destination: {
        dimension_configuration: [
          {
            dimension_name: 'ses:from-domain',
            dimension_value_source: 'MESSAGE_TAG',
            default_dimension_value: 'unknown',
          },
        ],
      },
    });
  });

  test('the set merges defaults with the domain name; options as configured', () => {
    expect(attrs(stack, 'aws_sesv2_configuration_set', 'example_com__configuration_set')).toEqual({
      configuration_set_name: 'transactional',
      delivery_options: { tls_policy: 'REQUIRE' },
      reputation_options: { reputation_metrics_enabled: true },
      suppression_options: { suppressed_reasons: ['BOUNCE', 'COMPLAINT'] },
    });
    expect(attrs(stack, 'aws_sesv2_configuration_set', 'news_example_com__configuration_set')).toMatchObject({
      configuration_set_name: 'news-example-com',
      tracking_options: { custom_redirect_domain: 'track.news.example.com', https_policy: 'OPTIONAL' },
    });
  });

  test('sns: { create: true } makes the topic and outputs its ARN', () => {
    expect(attrs(stack, 'aws_sns_topic', 'news_example_com__event_bounces_complaints_topic')).toEqual({
      name: 'news-example-com-bounces-complaints',
    });
    expect(
      attrs(stack, 'aws_sesv2_configuration_set_event_destination', 'news_example_com__event_bounces_complaints')
        .event_destination.sns_destination,
    ).toEqual({ topic_arn: '${aws_sns_topic.news_example_com__event_bounces_complaints_topic.arn}' });
    expect(stack.output.news_example_com__event_bounces_complaints_topic_arn.value).toBe(
      '${aws_sns_topic.news_example_com__event_bounces_complaints_topic.arn}',
    );
  });

  test('EventBridge target', () => {
    expect(
      attrs(stack, 'aws_sesv2_configuration_set_event_destination', 'news_example_com__event_engagement')
        .event_destination,
    ).toEqual({
      enabled: true,
      matching_event_types: ['OPEN', 'CLICK'],
      event_bridge_destination: { event_bus_arn: 'arn:aws:events:eu-west-1:123456789012:event-bus/default' },
    });
  });
});

describe('existing configs synthesize as before', () => {
  test('configurationSet: { name } alone: a bare set, no event destination', () => {
    const stack = synth(config({ configurationSet: { name: 'plain' } })).production!;
    expect(attrs(stack, 'aws_sesv2_configuration_set', 'example_com__configuration_set')).toEqual({
      configuration_set_name: 'plain',
    });
    expect(count(stack, 'aws_sesv2_configuration_set_event_destination')).toBe(0);
  });

  test('tracking alone: a set named after the domain, carrying the tracking options', () => {
    const stack = synth(config({ tracking: {} })).production!;
    expect(attrs(stack, 'aws_sesv2_configuration_set', 'example_com__configuration_set')).toEqual({
      configuration_set_name: 'example-com',
      tracking_options: { custom_redirect_domain: 'track.example.com', https_policy: 'OPTIONAL' },
    });
  });

  test('no set: the identity names none', () => {
    const stack = synth(config({})).production!;
    expect(count(stack, 'aws_sesv2_configuration_set')).toBe(0);
    expect(attrs(stack, 'aws_sesv2_email_identity', 'example_com__identity').configuration_set_name).toBeUndefined();
  });
});

test('reordering events changes no address', () => {
  const events = [
    { name: 'a', types: ['BOUNCE'], sns: { topicArn: SNS } },
    {
      name: 'b',
      types: ['SEND'],
      firehose: {
        deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/s',
        iamRoleArn: 'arn:aws:iam::123456789012:role/r',
      },
    },
  ];
  const one = synth(config({ configurationSet: { events } })).production!;
  const two = synth(config({ configurationSet: { events: [...events].reverse() } })).production!;
  const destinations = (s: Json) => s.resource.aws_sesv2_configuration_set_event_destination as Json;
  for (const address of ['example_com__event_a', 'example_com__event_b']) {
    expect(withoutMetadata(destinations(one)[address])).toEqual(withoutMetadata(destinations(two)[address]));
  }
  expect(destinations(one).example_com__event_b.event_destination.kinesis_firehose_destination).toEqual({
    delivery_stream_arn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/s',
    iam_role_arn: 'arn:aws:iam::123456789012:role/r',
  });
});

const D = 'environments.production.domains[0].configurationSet';

describe('validation', () => {
  test.each([
    [
      'an unknown event type',
      { events: [{ name: 'x', types: ['BOUNCES'], sns: { topicArn: SNS } }] },
      `${D}.events[0].types[0]`,
      `must be one of ${ALL_TYPES}, got "BOUNCES"; did you mean "BOUNCE"?`,
    ],
    [
      'an event type in lowercase',
      { events: [{ name: 'x', types: ['complaint'], sns: { topicArn: SNS } }] },
      `${D}.events[0].types[0]`,
      `must be one of ${ALL_TYPES}, got "complaint"; did you mean "COMPLAINT"?`,
    ],
    [
      'two targets in one event',
      {
        events: [
          {
            name: 'x',
            types: ['BOUNCE'],
            sns: { topicArn: SNS },
            cloudwatch: { dimensions: [{ name: 'd', default: 'v' }] },
          },
        ],
      },
      `${D}.events[0].cloudwatch`,
      'event destination "x" has 2 targets (sns, cloudwatch); an SES event destination publishes to exactly one: split it into one event destination per target, each with its own name',
    ],
    [
      'no target',
      { events: [{ name: 'x', types: ['BOUNCE'] }] },
      `${D}.events[0]`,
      'event destination "x" has no target: add exactly one of sns, cloudwatch, eventBridge, firehose, such as sns: { topicArn: arn:aws:sns:eu-west-1:123456789012:ses-events }',
    ],
    [
      'sns with both topicArn and create',
      { events: [{ name: 'x', types: ['BOUNCE'], sns: { topicArn: SNS, create: true } }] },
      `${D}.events[0].sns`,
      'gives both topicArn and create: publish to the existing topic (keep topicArn) or let the stack create one (keep create: true), not both',
    ],
    [
      'sns with neither',
      { events: [{ name: 'x', types: ['BOUNCE'], sns: {} }] },
      `${D}.events[0].sns`,
      'needs a topic: give topicArn (an existing topic) or create: true (the stack creates one and outputs its ARN)',
    ],
    [
      'sns create: false',
      { events: [{ name: 'x', types: ['BOUNCE'], sns: { create: false } }] },
      `${D}.events[0].sns.create`,
      'must be true (or give topicArn instead), got false',
    ],
    [
      'two events whose names share an address',
      {
        events: [
          { name: 'a-b', types: ['BOUNCE'], sns: { topicArn: SNS } },
          { name: 'a_b', types: ['COMPLAINT'], sns: { topicArn: SNS } },
        ],
      },
      `${D}.events[1].name`,
      `event destination name "a_b" is already used at ${D}.events[0] (names that differ only in - and _ count as the same): give each event destination its own name`,
    ],
    [
      'a bad topic ARN',
      { events: [{ name: 'x', types: ['BOUNCE'], sns: { topicArn: 'ses-events' } }] },
      `${D}.events[0].sns.topicArn`,
      '"ses-events" is not allowed: must be an ARN such as arn:aws:sns:eu-west-1:123456789012:ses-events',
    ],
    [
      'an event without a name',
      { events: [{ types: ['BOUNCE'], sns: { topicArn: SNS } }] },
      `${D}.events[0].name`,
      'is required',
    ],
    [
      'CloudWatch without dimensions',
      { events: [{ name: 'x', types: ['BOUNCE'], cloudwatch: {} }] },
      `${D}.events[0].cloudwatch.dimensions`,
      'is required',
    ],
    [
      'no event types',
      { events: [{ name: 'x', types: [], sns: { topicArn: SNS } }] },
      `${D}.events[0].types`,
      'must have at least 1 entry',
    ],
    [
      'an unknown tls policy',
      { tls: 'required' },
      `${D}.tls`,
      'must be one of require, optional, got "required"; did you mean "require"?',
    ],
    [
      'an unknown suppression reason',
      { suppression: ['BOUNCE', 'SPAM'] },
      `${D}.suppression[1]`,
      'must be one of BOUNCE, COMPLAINT, got "SPAM"',
    ],
  ])('%s', (_what, configurationSet, path, message) => {
    expect(issuesOf(config({ configurationSet }))).toEqual([{ severity: 'error', path, message }]);
  });

  test('a problem written in defaults is reported once, at defaults', () => {
    const raw = {
      defaults: { region: 'eu-west-1', configurationSet: { events: [{ name: 'x', types: ['BOUNCE'] }] } },
      environments: {
        production: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }, { name: 'example.org' }] },
      },
    };
    expect(issuesOf(raw)).toEqual([
      {
        severity: 'error',
        path: 'defaults.configurationSet.events[0]',
        message:
          'event destination "x" has no target: add exactly one of sns, cloudwatch, eventBridge, firehose, such as sns: { topicArn: arn:aws:sns:eu-west-1:123456789012:ses-events }',
      },
    ]);
  });
});

describe('a configuration set name shared by two environments', () => {
  const twoEnvs = (stagingAccount?: string, productionAccount?: string, productionRegion = 'eu-west-1') => ({
    defaults: { region: 'eu-west-1', configurationSet: { name: 'transactional' } },
    environments: {
      staging: {
        dns: { provider: 'route53' },
        ...(stagingAccount && { account: { id: stagingAccount } }),
        domains: [{ name: 'example.dev' }],
      },
      production: {
        dns: { provider: 'route53' },
        region: productionRegion,
        ...(productionAccount && { account: { id: productionAccount } }),
        domains: [{ name: 'example.com' }],
      },
    },
  });

  test('no account ids: a warning naming both paths', () => {
    expect(issuesOf(twoEnvs())).toEqual([
      {
        severity: 'warning',
        path: 'environments.staging.domains[0].configurationSet.name',
        message:
          'configuration set "transactional" in eu-west-1 is also created by environment "production" (environments.production.domains[0].configurationSet.name); if both environments deploy to one AWS account the second apply fails: give the sets different names (for example "transactional-staging"), or declare account.id on both environments if they use different accounts',
      },
    ]);
  });

  test('one account id on both: an error (and the two account blocks clash too)', () => {
    expect(issuesOf(twoEnvs('123456789012', '123456789012'))).toEqual([
      {
        severity: 'error',
        path: 'environments.staging.domains[0].configurationSet.name',
        message:
          'configuration set "transactional" in eu-west-1 is also created by environment "production" (environments.production.domains[0].configurationSet.name), and both environments declare account 123456789012: a name is unique per account and region, so the second apply fails; give the sets different names (for example "transactional-staging")',
      },
      {
        severity: 'error',
        path: 'environments.staging.account',
        message:
          'environment "production" (environments.production.account) also manages the SES account settings of eu-west-1 in account 123456789012: two stacks would overwrite each other\'s suppression and VDM settings; keep the account block in one of them',
      },
    ]);
  });

  test('distinct account ids, or distinct regions: nothing to say', () => {
    expect(issuesOf(twoEnvs('111111111111', '222222222222'))).toEqual([]);
    expect(issuesOf(twoEnvs(undefined, undefined, 'eu-central-1'))).toEqual([]);
  });

  test('the set that tracking alone creates counts too', () => {
    const raw = {
      defaults: { region: 'eu-west-1', tracking: {} },
      environments: {
        a: { dns: { provider: 'route53' }, domains: [{ name: 'example.com' }] },
        // The same domain in a zone of its own (by id), so only the set name is shared.
        b: { dns: { provider: 'route53' }, domains: [{ name: 'example.com', zone: { id: 'Z0123456789ABC' } }] },
      },
    };
    expect(issuesOf(raw).map((i) => [i.severity, i.path])).toEqual([['warning', 'environments.b.domains[0].tracking']]);
  });
});

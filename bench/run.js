#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: wall time and peak memory of ses-dns against the ways a user could
 * otherwise get the same Terraform, and how ses-dns grows to 100,000 domains. Every table
 * it shows is written by this run: bench/RESULTS.md (all of them), the Performance section
 * of README.md and the profile tables of bench/PROFILE.md (between their bench markers).
 *
 * 1. Synth, for N generated domains in one Route 53 environment (bench/config.js):
 *    - ses-dns:     `node bin/ses-dns.js synth -c ses-dns.yaml`
 *    - cdktf synth: the cdktf CLI running the same generator through a cdktf.json (optional:
 *                   found through CDKTF_CLI, node_modules/.bin/cdktf or /tmp/cdktf-cli)
 *    - peer:        a hand-written CDKTF app, plain JavaScript, library defaults (bench/peer)
 *    - floor:       a plain JSON writer emitting ses-dns's bytes without CDKTF (bench/floor.js)
 *    Runs of the tools are interleaved, in turn, so that a busy machine slows them alike; every
 *    run's output is checked: ses-dns must equal the floor byte for byte, the peer must hold
 *    the same resources.
 * 2. Validate: `ses-dns validate` of large configs (does it grow linearly?).
 * 3. Split synth: a config of many domains with `maxDomainsPerStack` (is memory bounded by
 *    a stack?).
 * 4. Profile: where a synth of the largest synth size spends its time (--cpu-prof).
 * Each run is its own child process under `/usr/bin/time` (peak resident memory of the
 * largest process; CPU time, children included). Figures are medians over the runs; peak
 * memory is the largest of the runs.
 *
 * Options: --sizes 1,10,100,1000  --runs N (every synth size)  --tools ses-dns,peer,...
 *          --validate 10000,100000  --validate-runs N  --split 100000:1000  --split-runs N
 *          --profile none|N (default: the largest synth size)
 *          --out FILE (default bench/RESULTS.md; "-" prints only, and leaves README.md
 *          and bench/PROFILE.md as they are)
 */
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { join, resolve } = require('node:path');
const { stringify } = require('yaml');
const { benchConfig } = require('./config');

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin', 'ses-dns.js');
const DEFAULT_RUNS = { 1: 7, 10: 5, 100: 5, 1000: 5 };
const MIB_PER_GB = 1024;

/** The targets of issue #14, each read off the tables below. */
const TARGETS = {
  onePeerWall: 1.0,
  thousandPeerWall: 0.25,
  thousandFloorWall: 5,
  thousandPeerRss: 0.7,
  validateGrowth: 12,
  splitPeakMiB: MIB_PER_GB,
};

function parseOptions(argv) {
  const options = {
    sizes: [1, 10, 100, 1000],
    runs: undefined,
    tools: undefined,
    validate: [10000, 100000],
    validateRuns: 3,
    split: { domains: 100000, max: 1000 },
    splitRuns: 2,
    profile: undefined,
    out: join(__dirname, 'RESULTS.md'),
  };
  const list = (value) => (value === 'none' ? [] : value.split(',').map(Number));
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--sizes':
        options.sizes = list(value);
        break;
      case '--runs':
        options.runs = Number(value);
        break;
      case '--tools':
        options.tools = value.split(',');
        break;
      case '--validate':
        options.validate = list(value);
        break;
      case '--validate-runs':
        options.validateRuns = Number(value);
        break;
      case '--split': {
        const [domains, max] = value.split(':').map(Number);
        options.split = value === 'none' ? undefined : { domains, max };
        break;
      }
      case '--split-runs':
        options.splitRuns = Number(value);
        break;
      case '--profile':
        options.profile = value === 'none' ? null : Number(value);
        break;
      case '--out':
        options.out = value;
        break;
      default:
        throw new Error(`unknown option ${argv[i]}; see the header of bench/run.js`);
    }
    i++;
  }
  if (options.profile === undefined) options.profile = options.sizes.length ? Math.max(...options.sizes) : null;
  return options;
}

function findCdktfCli() {
  const candidates = [
    process.env.CDKTF_CLI,
    join(ROOT, 'node_modules', '.bin', 'cdktf'),
    '/tmp/cdktf-cli/node_modules/.bin/cdktf',
  ];
  return candidates.find((c) => c && existsSync(c));
}

const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);

/**
 * Runs `argv` once: wall time in ms; with GNU time also CPU time (user + system, children
 * included) in ms and peak RSS of the largest process in MiB.
 */
function measure(argv, cwd, env) {
  const rssFile = join(os.tmpdir(), `ses-dns-bench-${process.pid}.rss`);
  const command = hasTime ? [TIME, '-f', '%M %U %S', '-o', rssFile, ...argv] : argv;
  const start = process.hrtime.bigint();
  const result = spawnSync(command[0], command.slice(1), {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${argv.join(' ')} exited ${result.status}:\n${result.stderr}\n${result.stdout}`.slice(0, 4000));
  }
  let rss;
  let cpu;
  if (hasTime) {
    const [kb, user, system] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    rss = kb / 1024;
    cpu = (user + system) * 1000;
    rmSync(rssFile, { force: true });
  }
  return { ms, cpu, rss };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summary(samples) {
  return {
    ms: median(samples.map((x) => x.ms)),
    cpu: hasTime ? median(samples.map((x) => x.cpu)) : undefined,
    rss: hasTime ? Math.max(...samples.map((x) => x.rss)) : undefined,
    runs: samples.length,
  };
}

function resourceCounts(file) {
  const tf = JSON.parse(readFileSync(file, 'utf8'));
  const counts = {};
  for (const [type, items] of Object.entries(tf.resource)) counts[type] = Object.keys(items).length;
  counts.data = Object.keys(tf.data.aws_route53_zone).length;
  counts.output = Object.keys(tf.output).length;
  return JSON.stringify(counts);
}

function tools(work, n, cli) {
  const yamlConfig = join(work, 'ses-dns.yaml');
  const jsonConfig = join(work, 'config.json');
  const config = benchConfig(n);
  writeFileSync(yamlConfig, stringify(config));
  writeFileSync(jsonConfig, JSON.stringify(config));
  const stackFile = (dir) => join(dir, 'stacks', 'production', 'cdk.tf.json');
  const list = [
    {
      name: 'ses-dns',
      label: '`ses-dns synth`',
      out: join(work, 'ses-dns'),
      argv: (out) => ['node', BIN, 'synth', '-c', yamlConfig, '-o', out],
    },
    {
      name: 'cdktf',
      label: '`cdktf synth` (same config)',
      // Beside the other tools' outputs, as deep below the config: the local state path in
      // the stack is relative to the config's folder, so it is the same bytes only there.
      out: join(work, 'cdktf.out'),
      cwd: join(work, 'cdktf'),
      skip: cli ? undefined : 'cdktf-cli not found (set CDKTF_CLI to its bin/cdktf)',
      argv: () => [cli, 'synth'],
      env: { CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: join(work, 'empty.tfrc'), CI: '1' },
      setup() {
        mkdirSync(this.cwd, { recursive: true });
        writeFileSync(join(work, 'empty.tfrc'), '');
        writeFileSync(
          join(this.cwd, 'cdktf.json'),
          JSON.stringify({
            language: 'typescript',
            app: `node ${BIN} synth -c ${yamlConfig}`,
            output: '../cdktf.out',
            sendCrashReports: 'false',
          }),
        );
      },
    },
    {
      name: 'peer',
      label: 'hand-written cdktf app (peer)',
      out: join(work, 'peer'),
      argv: (out) => ['node', join(__dirname, 'peer', 'main.js'), jsonConfig, out],
    },
    {
      name: 'floor',
      label: 'plain JSON writer (floor)',
      out: join(work, 'floor'),
      argv: (out) => ['node', join(__dirname, 'floor.js'), jsonConfig, out],
    },
  ];
  for (const tool of list) tool.file = stackFile(tool.out);
  return list;
}

/** ses-dns must write the floor's bytes; the peer, the same resources under its own names. */
function checkOutputs(list, n) {
  const byName = Object.fromEntries(list.filter((t) => !t.skip).map((t) => [t.name, t]));
  const ours = byName['ses-dns'] ?? byName.cdktf;
  if (!ours) return;
  const text = readFileSync(ours.file, 'utf8');
  for (const other of ['cdktf', 'floor']) {
    if (byName[other] && byName[other] !== ours && readFileSync(byName[other].file, 'utf8') !== text) {
      throw new Error(`${other} output differs from ${ours.name} for ${n} domains`);
    }
  }
  if (byName.peer && resourceCounts(byName.peer.file) !== resourceCounts(ours.file)) {
    throw new Error(`peer resources differ for ${n} domains: ${resourceCounts(byName.peer.file)}`);
  }
}

const fmtMs = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const fmtMb = (mb) => (mb === undefined ? 'n/a' : `${Math.round(mb)} MiB`);
const ratio = (a, b) => (a === undefined || b === undefined ? '' : `${(a / b).toFixed(2)}x`);
const count = (n) => n.toLocaleString('en-US');

/** Section 1: synth of each size by each tool. */
function benchSynth(options, base, cli) {
  const results = {};
  for (const n of options.sizes) {
    const work = join(base, `synth-${n}`);
    mkdirSync(work, { recursive: true });
    const runs = options.runs ?? DEFAULT_RUNS[n] ?? 1;
    const list = tools(work, n, cli).filter((t) => !options.tools || options.tools.includes(t.name));
    const samples = new Map(list.map((t) => [t.name, []]));
    for (const tool of list) if (!tool.skip) tool.setup?.();
    const active = list.filter((t) => !t.skip);
    for (let run = 0; run < runs; run++) {
      // Each round starts with another tool: none always runs first (a cold cache), or
      // always right after the same tool.
      for (let i = 0; i < active.length; i++) {
        const tool = active[(run + i) % active.length];
        rmSync(tool.out, { recursive: true, force: true });
        samples.get(tool.name).push(measure(tool.argv(tool.out), tool.cwd ?? ROOT, tool.env));
        process.stderr.write('.');
      }
    }
    checkOutputs(list, n);
    results[n] = { tools: list, byTool: {} };
    for (const tool of list) {
      const s = samples.get(tool.name);
      if (s.length > 0) results[n].byTool[tool.name] = summary(s);
    }
    process.stderr.write(` synth ${n} done\n`);
  }
  return results;
}

function synthTable(results) {
  const rows = [];
  for (const [n, { tools: list, byTool }] of Object.entries(results)) {
    const peer = byTool.peer;
    const floor = byTool.floor;
    for (const tool of list) {
      const r = byTool[tool.name];
      if (!r) {
        rows.push(`| ${count(Number(n))} | ${tool.label} | skipped | | | | | |`);
        continue;
      }
      rows.push(
        `| ${count(Number(n))} | ${tool.label} | ${fmtMs(r.ms)} | ${r.cpu === undefined ? 'n/a' : fmtMs(r.cpu)} | ${fmtMb(r.rss)} | ${ratio(r.ms, peer?.ms)} / ${ratio(r.cpu, peer?.cpu)} / ${ratio(r.rss, peer?.rss)} | ${ratio(r.ms, floor?.ms)} / ${ratio(r.cpu, floor?.cpu)} / ${ratio(r.rss, floor?.rss)} | ${r.runs} |`,
      );
    }
  }
  return [
    '| domains | tool | wall (median) | CPU (median) | peak RSS (max) | vs peer: wall / CPU / RSS | vs floor: wall / CPU / RSS | runs |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

/** Section 2: `ses-dns validate` of each size, interleaved. */
function benchValidate(options, base) {
  const sizes = options.validate;
  if (sizes.length === 0) return {};
  const files = {};
  for (const n of sizes) {
    const work = join(base, `validate-${n}`);
    mkdirSync(work, { recursive: true });
    files[n] = join(work, 'ses-dns.yaml');
    writeFileSync(files[n], stringify(benchConfig(n)));
  }
  const samples = Object.fromEntries(sizes.map((n) => [n, []]));
  for (let run = 0; run < options.validateRuns; run++) {
    for (const n of sizes) {
      samples[n].push(measure(['node', BIN, 'validate', '-c', files[n]], ROOT));
      process.stderr.write('.');
    }
  }
  process.stderr.write(' validate done\n');
  return Object.fromEntries(sizes.map((n) => [n, summary(samples[n])]));
}

function validateTable(results) {
  const sizes = Object.keys(results).map(Number);
  const first = results[sizes[0]];
  return [
    '| domains | wall (median) | CPU (median) | peak RSS (max) | wall vs the smallest | domains vs the smallest | runs |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...sizes.map((n) => {
      const r = results[n];
      return `| ${count(n)} | ${fmtMs(r.ms)} | ${fmtMs(r.cpu ?? NaN)} | ${fmtMb(r.rss)} | ${ratio(r.ms, first.ms)} | ${ratio(n, sizes[0])} | ${r.runs} |`;
    }),
  ].join('\n');
}

/** Section 3: one environment of many domains split into stacks. */
function benchSplit(options, base) {
  if (!options.split) return undefined;
  const { domains, max } = options.split;
  const work = join(base, `split-${domains}`);
  mkdirSync(work, { recursive: true });
  const config = benchConfig(domains);
  config.environments.production.maxDomainsPerStack = max;
  const file = join(work, 'ses-dns.yaml');
  writeFileSync(file, stringify(config));
  const out = join(work, 'out');
  const samples = [];
  for (let run = 0; run < options.splitRuns; run++) {
    // Each run a first synth: no ses-dns.stacks.json yet.
    rmSync(join(work, 'ses-dns.stacks.json'), { force: true });
    rmSync(out, { recursive: true, force: true });
    samples.push(measure(['node', BIN, 'synth', '-c', file, '-o', out], ROOT));
    process.stderr.write('.');
  }
  const stacks = readdirSync(join(out, 'stacks')).length;
  const largest = Math.max(
    ...readdirSync(join(out, 'stacks')).map(
      (s) =>
        Object.keys(
          JSON.parse(readFileSync(join(out, 'stacks', s, 'cdk.tf.json'), 'utf8')).resource.aws_sesv2_email_identity,
        ).length,
    ),
  );
  process.stderr.write(' split done\n');
  return { domains, max, stacks, largest, ...summary(samples) };
}

function splitTable(r) {
  return [
    '| domains | maxDomainsPerStack | stacks written | largest stack | wall (median) | CPU (median) | peak RSS (max) | runs |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${count(r.domains)} | ${count(r.max)} | ${r.stacks} | ${count(r.largest)} domains | ${fmtMs(r.ms)} | ${fmtMs(r.cpu ?? NaN)} | ${fmtMb(r.rss)} | ${r.runs} |`,
  ].join('\n');
}

/**
 * Section 4: `--cpu-prof` of ses-dns synth at `n` domains, three runs, time by phase
 * (inclusive) and by where the code lives (self), medians.
 */
function benchProfile(n, base) {
  if (!n) return undefined;
  const work = join(base, `profile-${n}`);
  mkdirSync(work, { recursive: true });
  const file = join(work, 'ses-dns.yaml');
  writeFileSync(file, stringify(benchConfig(n)));
  const dir = join(work, 'profiles');
  for (let run = 0; run < 3; run++) {
    spawnSync('node', ['--cpu-prof', '--cpu-prof-dir', dir, BIN, 'synth', '-c', file, '-o', join(work, 'out')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    process.stderr.write('.');
  }
  const profiles = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  process.stderr.write(' profile done\n');
  return { n, phases: profiles.map(phasesOf), places: profiles.map(placesOf) };
}

/** The phases of a synth, by the function that runs each, outermost first. */
const PHASES = [
  ['reading the config (js-yaml)', 'readConfigFile'],
  ['validating it (schema, merge, checks)', 'validateConfig'],
  ['building the stack (constructs)', 'EnvironmentStack'],
  ['writing cdk.tf.json (JSON of the stack, validations)', 'synthesize'],
  ['writing RECORDS.md (Handlebars)', 'renderRecordsMarkdown'],
];

function walkProfile(profile, onSample) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const stack = [];
    for (let at = id; at !== undefined; at = parent.get(at)) stack.push(nodes.get(at).callFrame);
    onSample(stack, ms);
  });
  return total;
}

function phasesOf(profile) {
  const times = {};
  const total = walkProfile(profile, (stack, ms) => {
    const names = new Set(stack.map((frame) => frame.functionName));
    const phase = PHASES.find(([, fn]) => names.has(fn));
    // Loading comes first: a phase's first use of cdktf loads the cdktf bundle.
    const key =
      stack[0].functionName === '(garbage collector)'
        ? 'garbage collection'
        : names.has('loadBundle') || stack.some((frame) => frame.url.includes('node:internal/modules'))
          ? 'loading modules (cdktf, ses-dns, node)'
          : phase
            ? phase[0]
            : 'everything else (start-up, command line, file moves)';
    times[key] = (times[key] ?? 0) + ms;
  });
  times.total = total;
  return times;
}

function placesOf(profile) {
  const times = {};
  const total = walkProfile(profile, (stack, ms) => {
    const { url, functionName } = stack[0];
    // The cdktf bundle (dist/cli/cdktf-bundle.js) holds cdktf, constructs and what they load.
    const pkg = url.endsWith('/cdktf-bundle.js') ? 'cdktf' : url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
    const key = !url
      ? functionName === '(garbage collector)'
        ? 'garbage collection'
        : 'V8 and native code'
      : url.startsWith('node:')
        ? 'Node.js (module loader, fs)'
        : pkg
          ? `${pkg === 'json-stable-stringify' ? 'cdktf' : pkg} (package)`
          : 'ses-dns';
    times[key] = (times[key] ?? 0) + ms;
  });
  times.total = total;
  return times;
}

function shareTable(heading, runs) {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'total');
  const total = median(runs.map((r) => r.total));
  const rows = keys
    .map((k) => [k, median(runs.map((r) => r[k] ?? 0))])
    .sort((a, b) => b[1] - a[1])
    .map(([k, ms]) => `| ${k} | ${Math.round((100 * ms) / total)} % | ${Math.round(ms)} ms |`);
  return [`| ${heading} | share | time (profiled) |`, '| --- | ---: | ---: |', ...rows].join('\n');
}

/** Each target with what this run measured. */
function targetRows(synth, validate, split) {
  const rows = [];
  const at = (n) => synth[n]?.byTool ?? {};
  const check = (label, value, limit, fmt, below = false) => {
    if (value === undefined || Number.isNaN(value)) return rows.push(`| ${label} | not measured | |`);
    const ok = below ? value < limit : value <= limit;
    rows.push(`| ${label} | ${fmt(value)} | ${ok ? 'met' : '**not met**'} |`);
  };
  const x = (v) => `${v.toFixed(2)}x`;
  const one = at(1);
  check(
    `1 domain: wall at most ${TARGETS.onePeerWall}x the peer's`,
    one['ses-dns']?.ms / one.peer?.ms,
    TARGETS.onePeerWall,
    x,
  );
  const k = at(1000);
  check(
    `1,000 domains: wall at most ${TARGETS.thousandPeerWall}x the peer's`,
    k['ses-dns']?.ms / k.peer?.ms,
    TARGETS.thousandPeerWall,
    x,
  );
  check(
    `1,000 domains: wall at most ${TARGETS.thousandFloorWall}x the floor's`,
    k['ses-dns']?.ms / k.floor?.ms,
    TARGETS.thousandFloorWall,
    x,
  );
  check(
    `1,000 domains: peak memory at most ${TARGETS.thousandPeerRss}x the peer's`,
    k['ses-dns']?.rss / k.peer?.rss,
    TARGETS.thousandPeerRss,
    x,
  );
  const sizes = Object.keys(validate).map(Number);
  if (sizes.length >= 2) {
    const [small, large] = [Math.min(...sizes), Math.max(...sizes)];
    check(
      `validate of ${count(large)} domains: at most ${TARGETS.validateGrowth}x validate of ${count(small)}`,
      validate[large].ms / validate[small].ms,
      TARGETS.validateGrowth,
      x,
    );
  } else {
    rows.push('| validate growth | not measured | |');
  }
  if (split) {
    check(
      `${count(split.domains)} domains in stacks of ${count(split.max)}: peak memory under 1 GiB`,
      split.rss,
      TARGETS.splitPeakMiB,
      (v) => `${Math.round(v)} MiB`,
      true,
    );
  }
  return ['| target | measured | |', '| --- | ---: | --- |', ...rows].join('\n');
}

/** The short table of the README: ses-dns, peer and floor per size. */
function readmeTable(synth) {
  const rows = Object.entries(synth)
    .filter(([, r]) => r.byTool['ses-dns'] && r.byTool.peer && r.byTool.floor)
    .map(([n, { byTool: t }]) => {
      const [s, p, f] = [t['ses-dns'], t.peer, t.floor];
      return `| ${count(Number(n))} | ${fmtMs(s.ms)}, ${fmtMb(s.rss)} | ${fmtMs(p.ms)}, ${fmtMb(p.rss)} | ${fmtMs(f.ms)}, ${fmtMb(f.rss)} | ${ratio(s.ms, p.ms)}, ${ratio(s.rss, p.rss)} | ${ratio(s.ms, f.ms)} |`;
    });
  return [
    '| domains | ses-dns | peer | floor | ses-dns / peer (wall, memory) | ses-dns / floor (wall) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const memory = (os.totalmem() / 2 ** 30).toFixed(0);
  return `${cpu}, ${os.cpus().length} cores, ${memory} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/** Replaces what lies between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in `file`. */
function replaceBetween(file, name, content) {
  const text = readFileSync(file, 'utf8');
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file} has no ${start} ... ${end} section`);
  writeFileSync(file, `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`);
}

function main() {
  const options = parseOptions(process.argv.slice(2));
  const cli = findCdktfCli();
  const base = join(os.tmpdir(), `ses-dns-bench-${process.pid}`);
  const load = os.loadavg()[0].toFixed(2);
  const started = Date.now();
  let synth;
  let validate;
  let split;
  let profile;
  try {
    synth = benchSynth(options, base, cli);
    validate = benchValidate(options, base);
    split = benchSplit(options, base);
    profile = benchProfile(options.profile, base);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
  const notes = new Set();
  for (const { tools: list } of Object.values(synth)) for (const t of list) if (t.skip) notes.add(t.skip);
  if (!hasTime) notes.add(`${TIME} not found: peak memory not measured (apt-get install time)`);
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  const about = `Machine: ${machine()}. Load average at start: ${load}. ${new Date().toISOString().slice(0, 10)}; the bench took ${minutes} min.`;
  const sections = [
    about,
    '',
    '### Targets',
    '',
    targetRows(synth, validate, split),
    '',
    '### Synth: ses-dns and the other ways to the same Terraform',
    '',
    synthTable(synth),
    ...(Object.keys(validate).length
      ? ['', '### Validate: growth with the domain count', '', validateTable(validate)]
      : []),
    ...(split ? ['', '### Split synth: one environment in stacks', '', splitTable(split)] : []),
    ...[...notes].map((note) => `\nNote: ${note}.`),
  ];
  const report = sections.join('\n');
  process.stdout.write(`${report}\n`);
  if (options.out === '-') return;
  const profileTables = profile
    ? [
        `Profile of \`ses-dns synth\` of ${count(profile.n)} domains (\`node --cpu-prof\`, medians of three runs; the profiler slows every phase alike). ${about}`,
        '',
        shareTable('phase', profile.phases),
        '',
        shareTable('where the code lives (self time)', profile.places),
      ].join('\n')
    : '_No profile in the last run of the bench (--profile none)._';
  writeFileSync(
    options.out,
    [
      '# Bench results',
      '',
      'Written by `npm run bench` (bench/run.js); see README.md, Performance, for what each row is.',
      '',
      report,
      '',
      '### Profile',
      '',
      profileTables,
      '',
    ].join('\n'),
  );
  if (options.out === join(__dirname, 'RESULTS.md')) {
    replaceBetween(
      join(ROOT, 'README.md'),
      'results',
      [about, '', readmeTable(synth), '', targetRows(synth, validate, split)].join('\n'),
    );
    replaceBetween(join(__dirname, 'PROFILE.md'), 'profile', profileTables);
  }
}

main();

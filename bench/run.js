#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: wall time and peak memory of `ses-dns synth` against the ways a user
 * could otherwise get the same Terraform, for N generated domains in one Route 53
 * environment:
 *
 * - ses-dns:     `node bin/ses-dns.js synth -c ses-dns.yaml`
 * - cdktf synth: the cdktf CLI running the same generator through a cdktf.json (optional:
 *                found through CDKTF_CLI, node_modules/.bin/cdktf or /tmp/cdktf-cli)
 * - peer:        a hand-written CDKTF app, plain JavaScript, library defaults (bench/peer)
 * - floor:       a plain JSON writer emitting ses-dns's bytes without CDKTF (bench/floor.js)
 *
 * Each run is its own child process under `/usr/bin/time -f %M` (peak resident memory);
 * runs of the tools are interleaved so that a busy machine slows them alike. Every run's
 * output is checked: ses-dns must equal the floor byte for byte, the peer must hold the
 * same resources.
 *
 * Options: --sizes 1,10,100,1000   --runs N (every size)   --tools ses-dns,peer,...
 *          --out FILE (default bench/RESULTS.md; "-" prints only)
 */
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { join, resolve } = require('node:path');
const { stringify } = require('yaml');
const { benchConfig } = require('./config');

const ROOT = resolve(__dirname, '..');
const DEFAULT_RUNS = { 1: 7, 10: 5, 100: 3 };

function parseOptions(argv) {
  const options = { sizes: [1, 10, 100, 1000], runs: undefined, tools: undefined, out: join(__dirname, 'RESULTS.md') };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--sizes') options.sizes = value.split(',').map(Number);
    else if (argv[i] === '--runs') options.runs = Number(value);
    else if (argv[i] === '--tools') options.tools = value.split(',');
    else if (argv[i] === '--out') options.out = value;
    else throw new Error(`unknown option ${argv[i]}; see the header of bench/run.js`);
    i++;
  }
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
  const result = spawnSync(command[0], command.slice(1), { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${argv.join(' ')} exited ${result.status}:\n${result.stderr}\n${result.stdout}`);
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
      argv: (out) => ['node', join(ROOT, 'bin', 'ses-dns.js'), 'synth', '-c', yamlConfig, '-o', out],
    },
    {
      name: 'cdktf',
      label: '`cdktf synth` (same config)',
      out: join(work, 'cdktf', 'cdktf.out'),
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
            app: `node ${join(ROOT, 'bin', 'ses-dns.js')} synth -c ${yamlConfig}`,
            output: 'cdktf.out',
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

function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const memory = (os.totalmem() / 2 ** 30).toFixed(0);
  return `${cpu}, ${os.cpus().length} cores, ${memory} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

const fmtMs = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const fmtMb = (mb) => (mb === undefined ? 'n/a' : `${Math.round(mb)} MiB`);
const ratio = (a, b) => (a === undefined || b === undefined ? '' : `${(a / b).toFixed(2)}x`);

function main() {
  const options = parseOptions(process.argv.slice(2));
  const cli = findCdktfCli();
  const base = join(os.tmpdir(), `ses-dns-bench-${process.pid}`);
  const load = os.loadavg()[0].toFixed(2);
  const rows = [];
  const notes = new Set();
  for (const n of options.sizes) {
    const work = join(base, String(n));
    mkdirSync(work, { recursive: true });
    const runs = options.runs ?? DEFAULT_RUNS[n] ?? 1;
    const list = tools(work, n, cli).filter((t) => !options.tools || options.tools.includes(t.name));
    const samples = new Map(list.map((t) => [t.name, []]));
    for (const tool of list) {
      if (tool.skip) notes.add(tool.skip);
      else tool.setup?.();
    }
    for (let run = 0; run < runs; run++) {
      for (const tool of list) {
        if (tool.skip) continue;
        rmSync(tool.out, { recursive: true, force: true });
        samples.get(tool.name).push(measure(tool.argv(tool.out), tool.cwd ?? ROOT, tool.env));
        process.stderr.write('.');
      }
    }
    checkOutputs(list, n);
    const result = {};
    for (const tool of list) {
      const s = samples.get(tool.name);
      if (s.length === 0) continue;
      result[tool.name] = {
        ms: median(s.map((x) => x.ms)),
        cpu: hasTime ? median(s.map((x) => x.cpu)) : undefined,
        rss: hasTime ? Math.max(...s.map((x) => x.rss)) : undefined,
      };
    }
    for (const tool of list) {
      const r = result[tool.name];
      if (!r) {
        rows.push(`| ${n} | ${tool.label} | skipped | | | | | |`);
        continue;
      }
      const peer = result.peer;
      const floor = result.floor;
      rows.push(
        `| ${n} | ${tool.label} | ${fmtMs(r.ms)} | ${r.cpu === undefined ? 'n/a' : fmtMs(r.cpu)} | ${fmtMb(r.rss)} | ${ratio(r.ms, peer?.ms)} / ${ratio(r.cpu, peer?.cpu)} / ${ratio(r.rss, peer?.rss)} | ${ratio(r.ms, floor?.ms)} / ${ratio(r.cpu, floor?.cpu)} / ${ratio(r.rss, floor?.rss)} | ${runs} |`,
      );
    }
    process.stderr.write(` ${n} done\n`);
  }
  rmSync(base, { recursive: true, force: true });
  if (!hasTime) notes.add(`${TIME} not found: peak memory not measured (apt-get install time)`);
  const report = [
    `Machine: ${machine()}. Load average at start: ${load}. ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| domains | tool | wall (median) | CPU (median) | peak RSS (max) | vs peer: wall / CPU / RSS | vs floor: wall / CPU / RSS | runs |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    ...[...notes].map((note) => `Note: ${note}.`),
  ].join('\n');
  process.stdout.write(`${report}\n`);
  if (options.out !== '-') {
    const header = [
      '# Bench results',
      '',
      'Written by `npm run bench` (bench/run.js); see README.md, Performance, for what each row is.',
      '',
    ].join('\n');
    writeFileSync(options.out, `${header}\n${report}\n`);
  }
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

main();

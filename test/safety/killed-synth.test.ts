/**
 * A synth killed at any moment (issue #12): the built CLI in a child process, sent SIGKILL
 * while it stages files and while it moves them into place. Afterwards every generated
 * file is the old one or the new one, byte for byte, never a mix or a fragment; nothing
 * else changed; and the next synth completes and leaves no staging folder or temporary
 * file behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { yamlOf } from './fixtures';
import { BIN, changed, foreign, makeProject, put, sesDns, terraformWorkingFiles, tree } from './project';

/** Forty single-domain stacks: enough files that a kill lands in the middle of the work. */
function shardedConfig(ttl: number) {
  const domains = Array.from({ length: 40 }, (_, i) => ({ name: `d${String(i).padStart(2, '0')}.example.com` }));
  return {
    defaults: { region: 'eu-west-1', ttl },
    environments: { production: { dns: { provider: 'route53' }, maxDomainsPerStack: 1, domains } },
  };
}

/** The generated files of a project: path -> bytes. */
function generated(dir: string): Map<string, Buffer> {
  const all = tree(dir);
  const own = foreign(all);
  return new Map([...all].filter(([path]) => !own.has(path) && path !== 'ses-dns.stacks.json'));
}

/** Leftovers of a run: staging folders and temporary files anywhere under the output folder. */
function leftovers(dir: string): string[] {
  const outdir = join(dir, 'cdktf.out');
  const found = readdirSync(outdir).filter((name) => name.startsWith('.ses-dns-staging'));
  for (const path of tree(outdir).keys()) if (path.endsWith('.ses-dns-tmp')) found.push(path);
  return found;
}

type Moment = 'staging' | 'commit';

/**
 * Starts `ses-dns synth` in `dir` and kills it with SIGKILL at `moment`: as soon as its first
 * file is staged, or as soon as its first file lands in the output folder.
 */
async function synthKilledAt(dir: string, moment: Moment): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, [BIN, 'synth'], {
    cwd: dir,
    stdio: 'ignore',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const kill = () => child.kill('SIGKILL');
  if (moment === 'commit') {
    // The first stack's folder changes when the first staged file is renamed into it.
    const watcher = watch(join(dir, 'cdktf.out', 'stacks', 'production-1'), kill);
    const signal = await exited;
    watcher.close();
    return signal;
  }
  const staged = join(dir, 'cdktf.out', '.ses-dns-staging', 'files');
  const poll = setInterval(() => existsSync(staged) && kill(), 1);
  const signal = await exited;
  clearInterval(poll);
  return signal;
}

describe('a synth killed with SIGKILL', () => {
  let oldFiles: Map<string, Buffer>;
  let newFiles: Map<string, Buffer>;
  beforeAll(async () => {
    // The old and the new output, made apart in projects of the same layout.
    const oldRef = makeProject(shardedConfig(600));
    const newRef = makeProject(shardedConfig(900));
    expect((await sesDns(oldRef, 'synth')).code).toBe(0);
    expect((await sesDns(newRef, 'synth')).code).toBe(0);
    oldFiles = generated(oldRef);
    newFiles = generated(newRef);
    expect(oldFiles.size).toBe(40 * 2 + 1);
    // Every stack file differs between the two; the manifest does not.
    for (const [path, bytes] of oldFiles) {
      expect(newFiles.get(path)?.equals(bytes), path).toBe(path === 'cdktf.out/manifest.json');
    }
  });

  test.each<Moment>(['staging', 'commit'])(
    'while %s: each generated file old or new, the next run cleans up',
    async (moment) => {
      const dir = makeProject(shardedConfig(600));
      expect((await sesDns(dir, 'synth')).code).toBe(0);
      put(dir, { ...terraformWorkingFiles('production-1'), 'cdktf.out/notes.md': 'mine\n' });
      const before = foreign(tree(dir));

      writeFileSync(join(dir, 'ses-dns.yaml'), yamlOf(shardedConfig(900)));
      const signal = await synthKilledAt(dir, moment);
      expect(signal).toBe('SIGKILL');

      const now = generated(dir);
      expect([...now.keys()].sort()).toEqual([...oldFiles.keys()].sort());
      let renewed = 0;
      for (const [path, bytes] of now) {
        const isOld = oldFiles.get(path)!.equals(bytes);
        const isNew = newFiles.get(path)!.equals(bytes);
        expect(isOld || isNew, `${path} is neither the old nor the new file`).toBe(true);
        if (isNew && !isOld) renewed++;
      }
      if (moment === 'staging') expect(renewed).toBe(0);
      else expect(renewed).toBeGreaterThan(0);
      // Besides the killed run's staging folder, nothing else changed.
      const rest = [...changed(before, foreign(tree(dir)))].filter((p) => !p.startsWith('cdktf.out/.ses-dns-staging/'));
      expect(rest).toEqual(['ses-dns.yaml']);
      expect(leftovers(dir)).toEqual(['.ses-dns-staging']);

      // The next run completes: every file new, no staging folder or temporary file left.
      const next = await sesDns(dir, 'synth');
      expect(next.code).toBe(0);
      expect(leftovers(dir)).toEqual([]);
      const final = generated(dir);
      for (const [path, bytes] of newFiles) expect(final.get(path)?.equals(bytes), path).toBe(true);
      expect(changed(before, foreign(tree(dir)))).toEqual(['ses-dns.yaml']);
    },
  );
});

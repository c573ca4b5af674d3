/**
 * Start-up cost of `cdktf` that ses-dns never uses: its index loads `archiver` (about a
 * fifth of a one-domain synth, measured with --cpu-prof) only so that `TerraformAsset` can
 * zip folders. Before cdktf loads, `archiver` is registered as a stand-in that loads the
 * real module on first use, so an app that does zip assets still gets the real one.
 *
 * Imported first by `src/cdktf.ts`; does nothing if `archiver` cannot be found or is
 * already loaded.
 */
import Module from 'node:module';
import { dirname } from 'node:path';

type Archiver = ((...args: unknown[]) => unknown) & Record<PropertyKey, unknown>;

function deferArchiver(): void {
  let id: string;
  try {
    id = require.resolve('archiver', { paths: [dirname(require.resolve('cdktf'))] });
  } catch {
    return;
  }
  if (require.cache[id]) return;
  let real: Archiver | undefined;
  const load = (): Archiver => {
    if (!real) {
      delete require.cache[id];
      real = require(id) as Archiver;
    }
    return real;
  };
  const standIn = new Proxy(function archiver() {} as unknown as Archiver, {
    apply: (_target, thisArg, args: unknown[]) => load().apply(thisArg, args),
    get: (_target, property) => load()[property],
    has: (_target, property) => property in load(),
  });
  const module = new Module(id);
  module.filename = id;
  module.loaded = true;
  module.exports = standIn;
  require.cache[id] = module;
}

deferArchiver();

/**
 * Hostile and damaged input: thousands of mutated real reports (plain, gzipped, zipped,
 * mailed) each end in reports or a per-file error, never in an exception.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/dmarc/limits';
import { readReportBytes } from '../../src/dmarc/read';
import { ROOT } from '../cli/run';
import { zip } from './support';

const REAL = join(ROOT, 'test/fixtures/dmarc/mixed/real');
const xml = readFileSync(join(REAL, 'cry-inc/outlook.xml'));
const SEEDS: Record<string, Buffer> = {
  xml,
  gzip: gzipSync(xml),
  zip: zip([['outlook.xml', xml]]),
  eml: readFileSync(join(REAL, 'parsedmarc/mimecast-weird-gzip.eml')),
  'eml with zip': readFileSync(join(REAL, 'parsedmarc/twilight.eml')),
};
const limits = { ...DEFAULT_LIMITS, maxReportBytes: 1024 * 1024, maxUnpackedBytesPerFile: 4 * 1024 * 1024 };

/** A seed with some bytes overwritten, some cut out, or cut short. */
const mutated = (seed: Buffer) =>
  fc
    .record({
      writes: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      cut: fc.option(fc.tuple(fc.nat(), fc.nat({ max: 64 }))),
      truncate: fc.option(fc.nat()),
    })
    .map(({ writes, cut, truncate }) => {
      let bytes = Buffer.from(seed);
      for (const [at, value] of writes) bytes[at % bytes.length] = value;
      if (cut) {
        const at = cut[0] % bytes.length;
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + cut[1])]);
      }
      if (truncate !== null) bytes = bytes.subarray(0, truncate % (bytes.length + 1));
      return bytes;
    });

test.each(Object.entries(SEEDS))(
  'mutated %s: a result or a per-file error, never an exception',
  async (_kind, seed) => {
    await fc.assert(
      fc.asyncProperty(mutated(seed), async (bytes) => {
        const { reports, file } = await readReportBytes(bytes, 'mutated', limits);
        // Either something was read, or the file says why not.
        expect(reports.length > 0 || typeof file.error === 'string').toBe(true);
        for (const { report } of reports) {
          for (const record of report.records) expect(Number.isSafeInteger(record.count)).toBe(true);
        }
      }),
      { numRuns: 300, seed: 17 },
    );
  },
);

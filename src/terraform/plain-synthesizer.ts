/**
 * The synthesizer of a stack that ses-dns builds and synthesizes itself (`synthesizeApp`).
 *
 * It does what cdktf's own stack synthesizer does for such a stack: run the stack's
 * validations, register it in the manifest, write `cdk.tf.json`; and it writes the JSON
 * with {@link stableJson} instead of `json-stable-stringify` (a twelfth of a large synthesis,
 * bench/PROFILE.md). What such a stack never has goes to cdktf's synthesizer, kept as the
 * fallback: aspects, annotations, and cdktf's HCL output.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IConstruct } from 'constructs';
import { AnnotationMetadataEntryType, Aspects } from '../cdktf';
import type { IStackSynthesizer, ISynthesisSession, TerraformStack } from '../cdktf';
import { stableJson } from './stable-json';

const ANNOTATIONS: readonly string[] = [
  AnnotationMetadataEntryType.INFO,
  AnnotationMetadataEntryType.WARN,
  AnnotationMetadataEntryType.ERROR,
];

/** Whether some construct of the stack has an aspect or an annotation. */
function hasAspectsOrAnnotations(stack: TerraformStack): boolean {
  return stack.node
    .findAll()
    .some(
      (construct: IConstruct) =>
        Aspects.of(construct).all.length > 0 || construct.node.metadata.some((m) => ANNOTATIONS.includes(m.type)),
    );
}

/** The synthesizer of a stack of ses-dns's own (see the module comment). */
export class PlainStackSynthesizer implements IStackSynthesizer {
  /**
   * @param stack the stack it writes
   * @param fallback cdktf's synthesizer of the stack, for what this one leaves to it
   */
  constructor(
    private readonly stack: TerraformStack,
    private readonly fallback: IStackSynthesizer,
  ) {}

  synthesize(session: ISynthesisSession): void {
    const hcl = process.env.SYNTH_HCL_OUTPUT === 'true' || process.env.SYNTH_HCL_OUTPUT === '1';
    if (hcl || this.stack.hasResourceMove() || hasAspectsOrAnnotations(this.stack)) {
      this.fallback.synthesize(session);
      return;
    }
    if (!session.skipValidation) this.stack.runAllValidations();
    const manifest = session.manifest.forStack(this.stack);
    mkdirSync(join(session.outdir, manifest.workingDirectory), { recursive: true });
    writeFileSync(join(session.outdir, manifest.synthesizedStackPath), stableJson(this.stack.toTerraform()));
  }
}

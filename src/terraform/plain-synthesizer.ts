/**
 * The synthesizer of a stack that ses-dns builds and synthesizes itself (`synthesizeApp`).
 *
 * It does what cdktf's own stack synthesizer does for such a stack: run the validations of
 * every construct, register the stack in the manifest, write `cdk.tf.json`; with one walk of
 * the tree instead of five, and with {@link stableJson} instead of `json-stable-stringify`.
 * What such a stack never has goes to cdktf's synthesizer, kept as the fallback: aspects,
 * annotations, and cdktf's HCL output. (Resource moves are left out too: a moved resource
 * writes itself through cdktf, but the Terraform version check cdktf adds for moves is not.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IConstruct } from 'constructs';
import { AnnotationMetadataEntryType, Aspects, TerraformElement, TerraformStack } from '../cdktf';
import type { IStackSynthesizer, ISynthesisSession } from '../cdktf';
import type { PlainStack } from './plain-stack';
import { stableJson } from './stable-json';

const ANNOTATIONS: readonly string[] = [
  AnnotationMetadataEntryType.INFO,
  AnnotationMetadataEntryType.WARN,
  AnnotationMetadataEntryType.ERROR,
];

/** What one walk of the stack's tree finds. */
interface StackWalk {
  /** Whether the app or the stack has an aspect, or a construct an annotation: then cdktf's synthesizer writes the stack. */
  readonly unusual: boolean;
  /** The failed validations, as cdktf's `runAllValidations` words them. */
  readonly errors: readonly string[];
  /** The Terraform elements, in construct order, not entering nested stacks. */
  readonly elements: readonly TerraformElement[];
}

function walk(stack: TerraformStack, validate: boolean): StackWalk {
  const errors: string[] = [];
  const elements: TerraformElement[] = [];
  // Aspects are looked for where an app adds them, on the app and the stack: looking on every
  // construct would attach an aspect list to each (cdktf's own walk does), for nothing here.
  let unusual = [stack.node.root, stack].some((scope) => Aspects.of(scope).all.length > 0);
  const visit = (construct: IConstruct, inStack: boolean): void => {
    if (construct.node.metadata.some((m) => ANNOTATIONS.includes(m.type))) unusual = true;
    if (validate) for (const error of construct.node.validate()) errors.push(`[${construct.node.path}] ${error}`);
    if (inStack && TerraformElement.isTerraformElement(construct)) elements.push(construct);
    for (const child of construct.node.children) visit(child, inStack && !TerraformStack.isStack(child));
  };
  visit(stack, true);
  return { unusual, errors, elements };
}

/** The synthesizer of a stack of ses-dns's own (see the module comment). */
export class PlainStackSynthesizer implements IStackSynthesizer {
  /**
   * @param stack the stack it writes
   * @param fallback cdktf's synthesizer of the stack, for what this one leaves to it
   */
  constructor(
    private readonly stack: PlainStack,
    private readonly fallback: IStackSynthesizer,
  ) {}

  synthesize(session: ISynthesisSession): void {
    const hcl = process.env.SYNTH_HCL_OUTPUT === 'true' || process.env.SYNTH_HCL_OUTPUT === '1';
    const found = hcl ? undefined : walk(this.stack, !session.skipValidation);
    if (!found || found.unusual) {
      this.fallback.synthesize(session);
      return;
    }
    if (found.errors.length > 0) {
      // cdktf's words (its runAllValidations), so that the message does not depend on who writes.
      throw new Error(
        `Validation failed with the following errors:\n  ${found.errors.join('\n  ')}\n\nIf you wish to ignore these validations, pass 'skipValidation: true' to your App configuration.\n`,
      );
    }
    const manifest = session.manifest.forStack(this.stack);
    mkdirSync(join(session.outdir, manifest.workingDirectory), { recursive: true });
    const json = this.stack.terraformJson(found.elements);
    writeFileSync(join(session.outdir, manifest.synthesizedStackPath), stableJson(json));
  }
}

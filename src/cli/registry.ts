/**
 * The commands of `ses-dns`, in the order `ses-dns --help` lists them. Adding a command is
 * one module under src/cli/commands/ and one line here.
 */
import type { Command } from './command';
import { adoptCommand } from './commands/adopt-command';
import { dmarcCommand } from './commands/dmarc-command';
import { initCommand } from './commands/init-command';
import { recordsCommand } from './commands/records-command';
import { schemaCommand } from './commands/schema-command';
import { synthCommand } from './commands/synth-command';
import { validateCommand } from './commands/validate-command';
import { verifyCommand } from './commands/verify-command';

export const COMMANDS: readonly Command[] = [
  synthCommand,
  validateCommand,
  recordsCommand,
  initCommand,
  verifyCommand,
  dmarcCommand,
  adoptCommand,
  schemaCommand,
];

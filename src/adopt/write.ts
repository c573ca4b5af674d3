/**
 * A proposal as edits of the config file: every entry goes into the domain's own entry
 * (`environments.<env>.domains[i]`), so no other domain's settings change.
 */
import type { ConfigEdit } from '../config/edit';
import { importKey } from '../records/regional';
import type { DomainProposal, ProposedSetting } from './model';

/** The edits of settings, for the domain entry at `domainPath`. */
export function settingEdits(domainPath: string, settings: readonly ProposedSetting[]): ConfigEdit[] {
  return settings.map((s) => ({ path: `${domainPath}.${s.key}`, value: s.value }));
}

/**
 * Every edit of a proposal except its settings (written in their own step): an `import:`
 * id per existing resource, and each foreign TXT value appended to `keepTxt` unless it is
 * there already.
 */
export function entryEdits(proposal: DomainProposal): ConfigEdit[] {
  return [
    ...proposal.imports.map((i): ConfigEdit => ({
      path: `${proposal.path}.import.${importKey(i.role, i.region)}`,
      value: i.id,
    })),
    ...proposal.keepTxt.map((k): ConfigEdit => ({
      op: 'append',
      path: `${proposal.path}.keepTxt`,
      value: k.name === '@' ? k.value : { name: k.name, value: k.value },
    })),
  ];
}

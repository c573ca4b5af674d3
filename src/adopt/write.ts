/**
 * A proposal as edits of the config file: every entry goes into the domain's own entry
 * (`environments.<env>.domains[i]`), so no other domain's settings change.
 */
import type { ConfigEdit, ConfigPathSegment } from '../config/edit';
import type { DomainProposal, ProposedSetting } from './model';

/** `environments.production.domains[2]` as path segments. */
export function pathSegments(configPath: string): ConfigPathSegment[] {
  const segments: ConfigPathSegment[] = [];
  for (const part of configPath.split('.')) {
    const match = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    if (!match) throw new Error(`not a config path: ${configPath}`);
    segments.push(match[1]!);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

/** The edits of settings, for the domain entry at `domainPath`. */
export function settingEdits(domainPath: string, settings: readonly ProposedSetting[]): ConfigEdit[] {
  const base = pathSegments(domainPath);
  return settings.map((s) => ({ op: 'set', path: [...base, ...s.key.split('.')], value: s.value }));
}

/** Every edit of a proposal except its settings (written in their own step). */
export function entryEdits(proposal: DomainProposal): ConfigEdit[] {
  const base = pathSegments(proposal.path);
  return [
    ...proposal.imports.map((i): ConfigEdit => ({ op: 'set', path: [...base, 'import', i.role], value: i.id })),
    ...proposal.keepTxt.map((k): ConfigEdit => ({
      op: 'append',
      path: [...base, 'keepTxt'],
      value: k.name === '@' ? k.value : { name: k.name, value: k.value },
    })),
  ];
}

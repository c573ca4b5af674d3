/**
 * The types users write in `ses-dns.config.ts`, and {@link defineConfig}. The shape itself
 * is defined once, in schema.ts (with its JSON Schema), and its words in vocabulary.ts; this
 * module only gathers them, without loading either at run time.
 */
import type { SesDnsConfig } from './schema';

export type {
  AccountSettings,
  BackendSettings,
  ByoDkimSettings,
  CloudWatchDimensionSettings,
  ConfigurationSetSettings,
  DkimSettings,
  DmarcSettings,
  DnsSettings,
  DomainEntry,
  DomainSettings,
  EasyDkimSettings,
  EnvironmentConfig,
  EventDestinationSettings,
  KeepTxtEntry,
  MailFromSettings,
  SesDnsConfig,
  SpfSettings,
  TrackingSettings,
  TtlSetting,
  ZoneSetting,
} from './schema';
export type {
  AlignmentMode,
  DmarcPolicy,
  DnsProviderName,
  ImportRole,
  MailFromSpfAll,
  SesEventType,
  SpfAll,
  SuppressionReason,
} from './vocabulary';

/**
 * Types a `ses-dns.config.ts` file: `export default defineConfig({ ... })`.
 * It returns its argument; the value is validated like a YAML file when it is loaded.
 */
export function defineConfig(config: SesDnsConfig): SesDnsConfig {
  return config;
}

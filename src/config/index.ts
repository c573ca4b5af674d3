import { shippedSchema } from './schema-file';

export * from './issues';
export * from './load';
export * from './model';
export * from './types';

/** The JSON Schema of the config, as `ses-dns schema` prints it and editors read it. */
export const CONFIG_SCHEMA: Record<string, unknown> = shippedSchema();

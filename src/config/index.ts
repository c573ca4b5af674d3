export * from './issues';
export * from './load';
export * from './model';
export { CONFIG_SCHEMA } from './schema';
export * from './types';

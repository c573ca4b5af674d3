export * from './dkim';
export * from './dmarc';
export * from './model';
export * from './plan';
export * from './regions';
export * from './spf';
export * from './txt';
export * from './address';

export * from './config';
export * from './logger';
export * from './payload-keys';

export * from './search-attributes';
export * from './constants';
export * from './client';
export * from './dev-server';

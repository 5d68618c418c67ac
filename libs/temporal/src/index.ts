export * from './constants';
export * from './client';
export * from './dev-server';
export * from './codec';

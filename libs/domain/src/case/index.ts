export * from './canonical';
export * from './events';
export * from './state';

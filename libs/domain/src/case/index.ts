export * from './canonical';
export * from './events';
export * from './state';
export * from './actions';
export * from './view';
export * from './decide';
export * from './timers';

/** The audit trail (issue 6): row mapping, chain verification, history cross-check, replay and export bundles. */
export * from './hash';
export * from './records';
export * from './verify';
export * from './history';
export * from './cross-check';
export * from './case-history';
export * from './replay';
export * from './bundle';
export * from './erasure';

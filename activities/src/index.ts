export * from './case-activities';
export * from './notify';

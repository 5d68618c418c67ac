import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { ComplaintsApi1764200000000 } from './1764200000000-complaints-api';

/** Every migration, in order. New ones are appended here (explicit list: no glob, works in jest and dist alike). */
export const MIGRATIONS = [InitialSchema1764000000000, ComplaintsApi1764200000000];

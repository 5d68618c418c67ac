/** Injection tokens (symbols, not strings) for the API's infrastructure. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const LOGGER = Symbol('LOGGER');
export const AUTH_SECRET = Symbol('AUTH_SECRET');
/** The policy document in force for new cases (POLICY_FILE, validated at boot). */
export const POLICY_DOCUMENT = Symbol('POLICY_DOCUMENT');
/** The complainant data cipher (PII_KEY, R-SEC-1). */
export const PII_CIPHER = Symbol('PII_CIPHER');

/** The integration tests' payload encryption (docs/adr/0017-payload-encryption.md). */
import { parsePayloadKeys } from '@complaintflow/config';
import { encryptedDataConverter } from '@complaintflow/temporal/codec';

/**
 * The tests' payload keyring (docs/adr/0017-payload-encryption.md): a current key and a retired one that still
 * decrypts, as after a rotation. Every client and worker of the integration tests encrypts with it.
 */
export const TEST_PAYLOAD_KEYS =
  'test-2:dGVzdC1wYXlsb2FkLWtleS10d28tMDEyMzQ1Njc4OWE=,test-1:dGVzdC1wYXlsb2FkLWtleS1vbmUtMDEyMzQ1Njc4OWE=';
export const testDataConverter = encryptedDataConverter(parsePayloadKeys(TEST_PAYLOAD_KEYS).keys);

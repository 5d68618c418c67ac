/**
 * The failure converter of every client, worker and workflow bundle (docs/adr/0017-payload-encryption.md): a failure's
 * message and stack trace travel in its `encodedAttributes` payload, which the payload codec encrypts, so an error
 * that quotes what a user typed is not stored in clear in the history. Loaded by path (`FAILURE_CONVERTER_PATH`):
 * the workflow bundler bundles it into the workflow sandbox, the worker and clients `require` it.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });

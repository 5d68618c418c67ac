/** Connections to Temporal for the API (client) and for operations (search attribute registration). */
import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import { SearchAttributeType, type DataConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { CASE_SEARCH_ATTRIBUTES } from '@complaintflow/contracts';

/**
 * A client with the service's data converter (`encryptedDataConverter`, docs/adr/0017-payload-encryption.md) and,
 * optionally, workflow client interceptors (the tracing of libs/temporal/src/tracing.ts; none by default).
 */
export async function connectClient(
  address: string,
  namespace: string,
  dataConverter: DataConverter,
  workflowInterceptors: WorkflowClientInterceptor[] = [],
): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace, dataConverter, interceptors: { workflow: workflowInterceptors } });
}

const INDEXED_TYPE: Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.TEXT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.KEYWORD]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.INT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DOUBLE]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  [SearchAttributeType.BOOL]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.DATETIME]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.KEYWORD_LIST]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/**
 * Registers any case search attribute the namespace lacks (an existing cluster). Returns the names added.
 * On a managed cluster that refuses the operator call, the error says what to register by hand.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set([
    ...Object.keys(existing.customAttributes ?? {}),
    ...Object.keys(existing.systemAttributes ?? {}),
  ]);
  const missing = CASE_SEARCH_ATTRIBUTES.filter((k) => !known.has(k.name));
  if (missing.length === 0) return [];
  const searchAttributes: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const k of missing) searchAttributes[k.name] = INDEXED_TYPE[k.type];
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (err) {
    throw new Error(
      `could not register search attributes ${missing.map((k) => k.name).join(', ')} in namespace ${namespace}: ` +
        `${(err as Error).message}. Register them with \`temporal operator search-attribute create\` and start again.`,
      { cause: err },
    );
  }
  return missing.map((k) => k.name);
}

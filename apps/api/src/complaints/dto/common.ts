/**
 * Shared validation pieces of the complaint DTOs: the patterns and limits of the action schemas (libs/domain), so
 * intake and actions check ids, outlet codes and money alike.
 */
export { MAX_FEN, OUTLET_CODE, SAFE_ID } from '@complaintflow/domain/case/actions';

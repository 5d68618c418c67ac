/** The workflow type name of a complaint case (stable: running cases depend on it). */
export const COMPLAINT_CASE_WORKFLOW = 'complaintCase';

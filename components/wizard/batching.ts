/** Rows per stageRows call: never more than one destination batch (MAX_ROWS_PER_STAGE_CALL on the server). */
export const ROWS_PER_CALL = 500;

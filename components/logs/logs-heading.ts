/** The id of the Logs page's heading: focus goes there when the last row on the page is deleted (delete-log-button.tsx). */
export const LOGS_HEADING_ID = "logs-heading";

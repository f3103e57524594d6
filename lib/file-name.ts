// Names a client gives a file, as the dashboard takes them: shared by the API (a multipart part's
// name) and the upload page, which sends each file's name as `?filename=` (the API refuses a
// control or text-direction character there, with a 400: a CI script should know).

/**
 * Characters no job name holds: control characters (a NUL shows as nothing, a newline splits
 * lines) and the bidirectional overrides that make `live #11` read `11# evil`.
 */
export const JOB_NAME_BAD_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** The longest `filename` the API takes (UTF-16 code units, as JavaScript counts). */
export const MAX_FILE_NAME = 255;

/**
 * A multipart part's file name as the ingest names the file: its control and text-direction
 * characters as U+FFFD (the client chose it; refusing the upload for it would help no one).
 */
export function safeFileName(name: string): string {
  return name.replace(new RegExp(JOB_NAME_BAD_CHARS.source, "g"), "\uFFFD");
}

/**
 * The `?filename=` the upload page sends for a file the person picked: what a multipart upload
 * would store (safeFileName), at most MAX_FILE_NAME code units without splitting a character
 * (a lone surrogate cannot be percent-encoded), "upload.log" when nothing is left.
 */
export function uploadFileName(name: string): string {
  let safe = safeFileName(name).trim();
  if (safe.length > MAX_FILE_NAME) {
    const cut = /[\ud800-\udbff]/.test(safe[MAX_FILE_NAME - 1]!) ? MAX_FILE_NAME - 1 : MAX_FILE_NAME;
    safe = safe.slice(0, cut).trim();
  }
  return safe === "" ? "upload.log" : safe;
}

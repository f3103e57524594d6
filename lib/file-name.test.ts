import { describe, expect, it } from "vitest";
import { MAX_FILE_NAME, safeFileName, uploadFileName } from "./file-name";
import { parseUploadMeta } from "./validation/upload";

describe("uploadFileName: the ?filename= the upload page sends", () => {
  it("shows a control or text-direction character as U+FFFD, as a multipart upload stores it", () => {
    const name = "<img src=x onerror=alert(7)>\u202Egol.exe\u0007.log";
    expect(uploadFileName(name)).toBe("<img src=x onerror=alert(7)>\uFFFDgol.exe\uFFFD.log");
    expect(uploadFileName(name)).toBe(safeFileName(name));
  });

  it("is a filename the API takes, where the name itself was refused", () => {
    const name = "console\u202E.log";
    const refused = parseUploadMeta({ filename: name });
    expect(refused.success).toBe(false);
    expect(JSON.stringify(refused.error?.issues)).toContain("filename holds a control or text-direction character");
    expect(parseUploadMeta({ filename: uploadFileName(name) }).data?.filename).toBe("console\uFFFD.log");
  });

  it("cuts a long name to the API's 255 code units without splitting a character", () => {
    expect(uploadFileName("a".repeat(300))).toBe("a".repeat(MAX_FILE_NAME));
    const emoji = "a".repeat(MAX_FILE_NAME - 1) + "😀";
    const cut = uploadFileName(emoji);
    expect(cut).toBe("a".repeat(MAX_FILE_NAME - 1));
    expect(() => encodeURIComponent(cut)).not.toThrow();
    expect(() => encodeURIComponent(emoji.slice(0, MAX_FILE_NAME))).toThrow(URIError);
  });

  it("a name of nothing but blanks is upload.log", () => {
    expect(uploadFileName("   ")).toBe("upload.log");
    expect(uploadFileName("")).toBe("upload.log");
  });
});

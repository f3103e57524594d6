import { describe, expect, test } from "vitest";
import type { z } from "zod";
import { buildListSchema, filterSchema, listSchema, logListSchema, roomListSchema, timelineSchema } from "./query";

/** The issues of a failed parse as the API words them (`key: message`). */
function messages(schema: z.ZodType, input: Record<string, string>): string[] {
  const parsed = schema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

const SCHEMAS = { buildListSchema, filterSchema, listSchema, logListSchema, roomListSchema, timelineSchema };

describe("integer parameters", () => {
  test.each([
    ["listSchema", "page", "1e20", "page: must be an integer from 1 to 1000000"],
    ["listSchema", "page", "1000001", "page: must be an integer from 1 to 1000000"],
    ["buildListSchema", "page", "0", "page: must be an integer from 1 to 1000000"],
    ["buildListSchema", "page", "1.5", "page: must be an integer from 1 to 1000000"],
    ["logListSchema", "page", "abc", "page: must be an integer from 1 to 1000000"],
    ["logListSchema", "pageSize", "1e20", "pageSize: must be an integer from 1 to 500"],
    ["buildListSchema", "pageSize", "501", "pageSize: must be an integer from 1 to 500"],
    ["timelineSchema", "points", "1e30", "points: must be an integer from 10 to 5000"],
    ["timelineSchema", "points", "9", "points: must be an integer from 10 to 5000"],
    // Ids are 32-bit integers in the database: a larger one is no id (PostgreSQL refuses it with a 500).
    ["roomListSchema", "incidentId", "1e20", "incidentId: must be an integer from 1 to 2147483647"],
    ["filterSchema", "incidentId", "2147483648", "incidentId: must be an integer from 1 to 2147483647"],
    ["buildListSchema", "logId", "99999999999999999", "logId: must be an integer from 1 to 2147483647"],
    ["buildListSchema", "logId", "Infinity", "logId: must be an integer from 1 to 2147483647"],
  ] as const)("%s %s=%s: exactly one message, with the limits that apply", (schema, key, value, message) => {
    expect(messages(SCHEMAS[schema], { [key]: value })).toEqual([message]);
  });
});

// A deliberately small reader of prisma/schema.prisma for the tests that prove
// the migrations of both databases agree with it.
export type SchemaField = { type: string; optional: boolean; unique: boolean };
export type SchemaModel = { fields: Map<string, SchemaField>; indexes: string[][]; uniques: string[][] };

export const SQLITE_TYPE: Record<string, string> = {
  Int: "INTEGER",
  String: "TEXT",
  DateTime: "DATETIME",
  Boolean: "BOOLEAN",
  Float: "REAL",
  BigInt: "BIGINT",
};

/** A deliberately small reader of schema.prisma: enough for scalar fields and @@index/@@unique. */
export function readSchema(text: string): Map<string, SchemaModel> {
  const models = new Map<string, SchemaModel>();
  const modelPattern = /^model (\w+) \{([\s\S]*?)^\}/gm;
  for (const match of text.matchAll(modelPattern)) {
    const model: SchemaModel = { fields: new Map(), indexes: [], uniques: [] };
    for (const raw of (match[2] ?? "").split("\n")) {
      const line = raw.replace(/\/\/.*$/, "").trim();
      const block = /^@@(index|unique)\(\[([^\]]+)\]/.exec(line);
      if (block) {
        const columns = (block[2] ?? "").split(",").map((c) => c.trim());
        (block[1] === "index" ? model.indexes : model.uniques).push(columns);
        continue;
      }
      const field = /^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!field || field[3] || !SQLITE_TYPE[field[2] ?? ""]) continue;
      model.fields.set(field[1] ?? "", {
        type: field[2] ?? "",
        optional: field[4] === "?",
        unique: /@unique\b/.test(field[5] ?? ""),
      });
    }
    models.set(match[1] ?? "", model);
  }
  return models;
}


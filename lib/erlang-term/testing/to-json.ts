// The same data as plain JSON, for the benchmarks' JSON.parse baseline:
// tuples and lists as arrays, atoms and text as strings, integers as numbers,
// pids/refs/ports/funs as their printed text.
import { binaryText } from "../index";
import type { ErlTerm } from "../types";

export function termToJson(t: ErlTerm): unknown {
  switch (t.kind) {
    case "tuple":
    case "list":
      return t.elements.map(termToJson);
    case "binary":
      return binaryText(t) ?? "";
    case "atom":
    case "string":
      return t.value;
    case "integer":
      return Number(t.value);
    case "pid":
    case "ref":
    case "port":
    case "fun":
      return t.text;
    default:
      return null;
  }
}

// ## Public API of lib/classify
//
// Pure rules over the scanner's records: what is the stuck process, and why.

export { classify, classifyRun, isIncident, incidentQueueLen, DEFAULT_THRESHOLD } from "./classify";
export { RULES } from "./rules";
export { bareJid, isRoomJid, MUC_HOST } from "./jid";
export type { Classification, ClassifyOptions, CulpritClass, RoomRef, Rule, RuleContext } from "./types";

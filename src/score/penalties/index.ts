/** Penalties from rules 001–003: per-occurrence schedules, 三无, credit points and nodes, protection, 真实宝. */
export { assess, FRESH_HISTORY, type AccountHistory, type AssessInput, type Assessment } from "./assess.js";
export { MEASURE_RANK, mostSevereWins, topMeasure } from "./measures.js";
export { aspectOf, occurrencesOf, type Aspect, type Occurrence } from "./occurrences.js";
export { protectionAt, type Eligibility } from "./protection.js";
export { findSanwu, type SanwuField, type SanwuFinding } from "./sanwu.js";
export { occurrencePenalties } from "./schedule.js";

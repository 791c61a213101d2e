/** Post-processing: an ordered list of small pure steps over the candidates. */
import type { Candidate } from "../types.js";
import { dedupe } from "./steps/dedupe.js";
import { mergeOverlaps } from "./steps/merge-overlaps.js";
import { sortByPlace } from "./steps/sort.js";
import { threshold } from "./steps/threshold.js";

export type PostStep = (cs: Candidate[]) => Candidate[];

export function postSteps(minConfidence: number): PostStep[] {
  return [threshold(minConfidence), dedupe, mergeOverlaps, sortByPlace];
}

export function postprocess(cs: Candidate[], steps: PostStep[]): Candidate[] {
  return steps.reduce((acc, step) => step(acc), cs);
}

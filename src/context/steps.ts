/** The ordered context steps every lexicon hit goes through. */
import { boundaryStep } from "./boundary.js";
import { brandStep } from "./brand.js";
import { channelStep } from "./channel.js";
import { exceptionStep } from "./exceptions.js";
import { nearStep } from "./near.js";
import { negationStep } from "./negation.js";
import { quotationStep } from "./quotation.js";
import { refusalStep } from "./refusal.js";
import { scopeStep } from "./scope.js";
import { separatorStep } from "./separators.js";
import type { Step } from "./step.js";
import { unlessStep } from "./unless.js";

export const CONTEXT_STEPS: Step[] = [
  channelStep,
  separatorStep,
  exceptionStep,
  brandStep,
  boundaryStep,
  negationStep,
  refusalStep,
  quotationStep,
  scopeStep,
  nearStep,
  unlessStep,
];

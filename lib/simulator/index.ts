export {
  SIMULATOR_BEHAVIOR_HEADERS,
  SIMULATOR_FAILURES,
  SimulatorHeaderError,
  behaviorToHeaders,
  parseBehaviorHeaders,
  simulatorBehaviorSchema,
  type SimulatorBehavior,
  type SimulatorFailure,
} from "@/lib/completion/simulator-behavior";
export { SIMULATOR_JOB_IDS } from "./fine-tuning-jobs";
export { SIMULATOR_MODEL_IDS } from "./models";
export { startSimulator, type RunningSimulator, type SimulatorOptions } from "./server";

// The compute registry: `cellmesh:compute` picks one entry, once, for the whole stack.

import type { ComputeKind } from "./compute";
import { ecsCompute } from "./ecs";
import { eksCompute } from "./eks";

export const COMPUTES = { ecs: ecsCompute, eks: eksCompute };

export type Compute = keyof typeof COMPUTES;
/** The platform (cluster) a compute kind gives a stack. */
export type PlatformOf<C extends Compute> = (typeof COMPUTES)[C] extends ComputeKind<infer P> ? P : never;

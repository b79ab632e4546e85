// The AWS Load Balancer Controller's chart versions cellmesh accepts (pure: the config loader reads
// it without loading the controller's component).

/** Exact chart versions of the 3.x line (the chart jumped from 1.17 to 3.0; since then it carries the controller's version). */
export const LB_CONTROLLER_CHART_VERSION = /^3\.\d{1,2}\.\d{1,2}$/;
/** eks-charts' chart version cellmesh's values and IAM statements were checked against. */
export const DEFAULT_LOAD_BALANCER_CONTROLLER_CHART_VERSION = "3.6.0";

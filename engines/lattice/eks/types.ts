// Type tokens of the Lattice engine's EKS components that code outside them reads (the plan finds an
// entry service's ALB under its EKS cell service). Pure, so the plan's reader loads no provider.

/** `LatticeEksService`'s type token. */
export const LATTICE_EKS_SERVICE_TYPE = "cellmesh:lattice:EksCellService";

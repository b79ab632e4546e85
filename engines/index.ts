// The engine registry: `cellmesh:engine` picks one entry, once, for the whole stack. A new engine
// is one folder beside these and one line here.

import { appMesh } from "./appmesh";
import { registered } from "./engine";
import { lattice } from "./lattice";

// The first is the default engine and the first a message lists.
export const ENGINES = {
    lattice: registered(lattice),
    appmesh: registered(appMesh),
};

export type Engine = keyof typeof ENGINES;

// The engine registry: `cellmesh:engine` picks one entry, once, for the whole stack. A new engine
// is one folder beside these and one line here.

import { appMesh } from "./appmesh";
import { registered } from "./engine";
import { lattice } from "./lattice";

export const ENGINES = {
    appmesh: registered(appMesh),
    lattice: registered(lattice),
};

export type Engine = keyof typeof ENGINES;

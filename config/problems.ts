import { show } from "./validate";

/** Collects config problems as `<key> = <value>: <what is valid>`, the one format every message uses. */
export class Problems {
    readonly list: string[] = [];
    add(key: string, value: unknown, valid: string): void {
        this.list.push(`${key} = ${show(value)}: ${valid}`);
    }
}

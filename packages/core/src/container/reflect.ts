/**
 * Installs the Reflect metadata polyfill that tsyringe checks for when it is imported. It is a module of its own,
 * imported before tsyringe, because bundlers (vite/rolldown) run a CommonJS import such as reflect-metadata in
 * the importing module's body, that is after the ES modules it also imports: from container/index.ts directly,
 * tsyringe's check would run first and throw in the browser. Listed in package.json "sideEffects".
 */
import "reflect-metadata";

/** True once the polyfill is installed; read by the container so that no bundler drops this module. */
export const reflectInstalled: boolean = typeof (Reflect as { getMetadata?: unknown }).getMetadata === "function";

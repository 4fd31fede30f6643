// Generated from package.json by scripts/release/sync-versions.mjs (run by `lerna version`
// and `npm run sync-versions`); do not edit. `npm run lint` fails when it is out of date.

/** The version of `@vo/obscore` (its package.json `version`). */
export const VERSION = "0.1.0";

/** The `@vo/core` versions this package works with: its peerDependencies range, the plugin's `core` field. */
export const CORE_RANGE = "^0.1.0";
